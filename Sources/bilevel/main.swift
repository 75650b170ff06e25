print("bilevel: not yet implemented")
