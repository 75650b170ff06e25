/// # Lab: the runtime every experiment executable uses
///
/// Configs and profiles, strict config reading, run records with provenance, a content
/// cache, parallel seeds with a progress line, a divergence guard, summaries. Lab knows
/// no math: an experiment hands it closures and numbers.
///
/// An experiment's `main.swift` (experiments/<name>/, configs in
/// experiments/<name>/configs/{quick,standard,full}.yaml):
///
///     import Lab
///
///     Experiment("stackelberg", methods: ["pbrl-value", "hypergradient", "naive"]).main { session in
///         let cfg = session.config                       // strict: unknown keys are rejected
///         let gamma = try cfg.double("gamma", in: 0..<1)
///         let iterations = try cfg.int("iterations", min: 1)
///         let lambdas = try cfg.doubles("lambdas", in: .positive)
///
///         let jobs = session.jobs(methods: ["pbrl-value"], params: lambdas.map { ["lambda": $0] })
///                  + session.jobs(methods: ["hypergradient", "naive"])
///         let records = try session.run(jobs) { job in    // parallel, cached; must be thread-safe
///             let game = makeGame(seed: job.seed, gamma: gamma)
///             var F: [Double] = []
///             for k in 0..<iterations {                   // a NaN stops this run, status "failed"
///                 F.append(try NonFiniteError.check(step(game, job.method, job.params["lambda"]), "F", iteration: k))
///             }
///             var result = RunResult()
///             result.series["F"] = F
///             result.finals["F"] = F.last!
///             try result.setInstance(game)                // embedded when <= 1 MB
///             return result
///         }
///         let naive = records.runs("naive")               // ok records of one method, by seed
///         let band = naive.band("F")                      // mean, std, min, max over seeds
///         try session.writeSummary(metrics: ["naive.F.final.mean": band.mean.last!])
///         // figures go to session.layout.figuresDirectory, with the provenance of
///         // session.figureProvenance (commit, dirty, configHash, experiment) as metadata
///     }
///
/// Run it as `swift run stackelberg --profile quick` (options: `--config FILE`,
/// `--seeds 0..9`, `--methods a,b`, `--params lambda=10`, `--out DIR`, `--force`,
/// `--jobs N`). Records go to `runs/<experiment>/<profile>/`, one JSON file per job;
/// `bilevel verify <record>` reruns one and compares every number.
///
/// Config files hold the experiment's own keys plus two that Lab reads itself:
/// `seeds:` (a list, or "0..9") and `methods:` (a subset of the declared methods).
public enum Lab {
    /// Version of the Lab runtime's file formats (records and summaries).
    public static let schemaVersion = RunRecord.currentSchemaVersion
}
