print("plot-gallery: not yet implemented")
