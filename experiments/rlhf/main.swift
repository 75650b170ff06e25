print("rlhf: not yet implemented")
