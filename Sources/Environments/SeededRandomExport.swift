// The seeded generators live in their own target (SeededRandom, no dependencies) so that every
// layer (Sampling, Algorithms, experiments, tests) draws from the same streams. Re-exported here
// so that `import Environments` keeps providing `SeededGenerator` to every existing user.
@_exported import SeededRandom
