// Lab: placeholder, replaced by its issue's implementation.
