import Algorithms
import Environments
import Foundation

/// `make bench` (A2C part): frames per second of the whole A2C loop on MinAtar Breakout
/// (environment steps, forward and backward passes, clipped RMSProp updates) with E3b's standard
/// network (separate 400-128-3 policy and 400-128-1 value MLPs, ReLU), 16 environments, 5 steps,
/// one thread. Usage: bench-a2c [frames] [output.json]. The counterpart in PyTorch is
/// benchmarks/python/bench_a2c_sb3.py (stable-baselines3's A2C on `minatar`'s Breakout).
let arguments = CommandLine.arguments
let frames = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let output = arguments.count > 2 ? arguments[2] : nil
let settings = A2CSettings()
var rng = SeededGenerator(seed: 1)
var a2c = A2C(settings: settings, environment: BreakoutVector(count: settings.environments, seed: 2), rng: &rng)
var actionRNG = SeededGenerator(seed: 3)
// Warm-up (page in, first allocations), not timed.
for _ in 0..<20 { a2c.iterate(rng: &actionRNG) }
let start = a2c.frames
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
let cpuStart = cpuSeconds()
let clock = ContinuousClock()
var episodes = [Double]()
let elapsed = clock.measure {
    while a2c.frames - start < frames { episodes += a2c.iterate(rng: &actionRNG).finishedReturns }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
let cpu = cpuSeconds() - cpuStart
let fps = Double(a2c.frames - start) / seconds
// On a shared machine the wall clock counts other processes' time too; frames per CPU second is
// what one otherwise idle core would do.
let line = String(format: "{\"implementation\": \"swift\", \"frames\": %d, \"seconds\": %.3f, \"cpu_seconds\": %.3f, \"frames_per_second\": %.1f, \"frames_per_cpu_second\": %.1f, \"episodes\": %d}",
                  a2c.frames - start, seconds, cpu, fps, Double(a2c.frames - start) / cpu, episodes.count)
print(line)
if let output { try line.appending("\n").write(toFile: output, atomically: true, encoding: .utf8) }
