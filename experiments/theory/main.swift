print("theory: not yet implemented")
