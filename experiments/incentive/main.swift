print("incentive: not yet implemented")
