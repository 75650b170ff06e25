/// Instances beyond the Garnet sizes (Four Rooms).
func extraInstances() throws -> [BenchInstance] { [] }
