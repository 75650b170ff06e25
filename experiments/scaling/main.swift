print("scaling: not yet implemented")
