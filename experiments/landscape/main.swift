print("landscape: not yet implemented")
