print("stackelberg: not yet implemented")
