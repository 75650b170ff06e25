import Foundation
import XCTest
@testable import Lab

/// The Slurm executor without a Slurm: a fake `sbatch` (a shell script that records its
/// arguments and prints a job id) stands in for submission, and array tasks are run by
/// calling the experiment with `--slurm-task i` as `task.sh` would. The real-Slurm test is
/// scripts/slurm-test.sh (run by .ci/run).
final class SlurmExecutorTests: XCTestCase {
    func testArrayChunksFollowMaxArraySize() {
        XCTAssertEqual(ArrayChunks.spec([0, 1, 2, 5, 7, 8, 9]), "0-2,5,7-9")
        XCTAssertEqual(ArrayChunks.spec([4]), "4")
        let chunks = ArrayChunks.chunks([1003, 0, 1, 2, 5, 1000, 2002], maxArraySize: 1001)
        XCTAssertEqual(chunks.map(\.base), [0, 1001, 2002])
        XCTAssertEqual(chunks.map(\.spec), ["0-2,5,1000", "2", "0"])
        XCTAssertEqual(chunks.map(\.indices), [[0, 1, 2, 5, 1000], [1003], [2002]])
        // Every task id of every chunk is below MaxArraySize.
        let many = ArrayChunks.chunks(Array(0..<10), maxArraySize: 3)
        XCTAssertEqual(many.map(\.spec), ["0-2", "0-2", "0-2", "0"])
        XCTAssertEqual(ArrayChunks.maxArraySize(fromConfig: "MaxArraySize            = 1001\nMaxJobCount = 10000\n"), 1001)
        XCTAssertNil(ArrayChunks.maxArraySize(fromConfig: "MaxJobCount = 10000\n"))
    }

    func testTaskLogLastAttempt() {
        let text = """
            bilevel-task start index=3 slurm=7_3 host=node1 pid=100 at=1000
            bilevel-task end index=3 status=137 at=1010
            bilevel-task start index=3 slurm=9_3 host=node2 pid=200 at=2000
            some output
            """
        XCTAssertEqual(TaskLog.lastAttempt(text: text),
                       TaskLog(started: 2000, host: "node2", pid: 200, slurmID: "9_3", endStatus: nil))
        XCTAssertEqual(TaskLog.lastAttempt(text: text + "\nbilevel-task end index=3 status=cancelled at=2100")?.endStatus, "cancelled")
        XCTAssertNil(TaskLog.lastAttempt(text: "no attempt here"))
    }

    func testExecutorConfigIsStrictAndOptionsWin() throws {
        let fixture = try FixturePackage(git: false)
        defer { fixture.remove() }
        try fixture.write("slurm.yaml", "partition: cpu\ntime: \"30:00\"\nmem: 2G\ncpus_per_task: 2\nconcurrency: 5\nsbatch_args: [\"--qos=low\"]\nenv: {FOO: bar}\n")
        var options = try ExperimentOptions.parse(["--executor", "slurm", "--slurm-mem", "4G", "--slurm-env", "X_1=y"])
        var settings = try SlurmSettings.resolve(options.executor, root: fixture.root)
        XCTAssertEqual(settings.partition, "cpu")
        XCTAssertEqual(settings.time, "30:00")
        XCTAssertEqual(settings.mem, "4G")
        XCTAssertEqual(settings.cpusPerTask, 2)
        XCTAssertEqual(settings.concurrency, 5)
        XCTAssertEqual(settings.extraArguments, ["--qos=low"])
        XCTAssertEqual(settings.environment, ["FOO": "bar", "X_1": "y"])
        try fixture.write("slurm.yaml", "partion: cpu\n")
        XCTAssertThrowsError(try SlurmSettings.resolve(options.executor, root: fixture.root)) { error in
            XCTAssertTrue("\(error)".contains("unknown key 'partion'"), "\(error)")
        }
        options = try ExperimentOptions.parse([])
        XCTAssertTrue(options.executor.runsLocally)
        settings = try SlurmSettings.resolve(options.executor, root: nil)
        XCTAssertEqual(settings, SlurmSettings())
        XCTAssertThrowsError(try ExperimentOptions.parse(["--slurm-env", "1BAD=x"]))
        XCTAssertThrowsError(try ExperimentOptions.parse(["--slurm-dry-run"]))
    }

    /// A fake sbatch: checks that the log folder exists, appends its arguments to calls.txt,
    /// prints the next job id.
    func fakeSlurm(in folder: URL) throws -> SlurmCommands {
        let sbatch = folder.appendingPathComponent("sbatch")
        let script = """
            #!/bin/sh
            for a in "$@"; do case $a in --output=*) d=$(dirname "${a#--output=}"); [ -d "$d" ] || { echo "no log folder $d" >&2; exit 1; } ;; esac; done
            n=$(( $(cat \(folder.path)/next 2>/dev/null || echo 100) + 1 )); echo $n > \(folder.path)/next
            echo "$*" >> \(folder.path)/calls.txt
            echo "$n;cluster"
            """
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try script.write(to: sbatch, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sbatch.path)
        let squeue = folder.appendingPathComponent("squeue")
        try "#!/bin/sh\nexit 1\n".write(to: squeue, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: squeue.path)
        var commands = SlurmCommands()
        commands.sbatch = sbatch.path
        commands.squeue = squeue.path
        commands.scontrol = "/nonexistent/scontrol"
        return commands
    }

    /// Runs the toy experiment through `SweepExecutor` as `Session.run` does, with fake Slurm commands.
    func sweep(_ fixture: FixturePackage, _ arguments: [String], commands: SlurmCommands,
               codeDigest: String = "digest-of-the-binary") throws -> Result<[RunRecord], Error> {
        let session = try fixture.session(arguments)
        let gamma = try session.config.double("gamma", in: 0..<1)
        _ = try session.config.int("iterations", min: 1)
        let (resolved, hash) = try session.closeConfig()
        let jobs = session.jobs()
        var runner = Runner(experiment: "toy", profile: session.profile, config: resolved, configHash: hash,
                            codeDigest: codeDigest,
                            provenance: session.provenance, outputDirectory: session.recordsDirectory)
        runner.showProgress = false
        var executor = SweepExecutor(session: session, runner: runner, selected: jobs)
        executor.commands = commands
        return Result {
            try executor.run { job in
                var result = RunResult()
                result.finals["x"] = gamma * Double(job.seed) + (job.method == "doubled" ? 1 : 0)
                if job.method == "throw" { throw LabError("toy failure") }
                return result
            }.records
        }
    }

    func testSubmitTaskStatusCollectAndResubmit() throws {
        let fixture = try FixturePackage(config: "seeds: 0..2\ngamma: 0.5\niterations: 3\nmethods: [damped, throw]\n", git: true)
        defer { fixture.remove() }
        try fixture.write("slurm.yaml", "max_array_size: 4\n")
        let fake = try fakeSlurm(in: fixture.root.appendingPathComponent("fake"))
        let files = SweepFiles(layout: ExperimentLayout(root: fixture.runs, experiment: "toy", profile: "quick"))
        let calls = fixture.root.appendingPathComponent("fake/calls.txt")

        // Submit: 6 jobs, MaxArraySize 4 -> arrays 0-3 and 0-1 (base 4), then the collect job after both.
        guard case .failure(let submitted as ExecutorFinished) = try sweep(fixture, ["--executor", "slurm", "--slurm-concurrency", "3", "--slurm-partition", "short"], commands: fake) else {
            return XCTFail("submission should hand off")
        }
        XCTAssertEqual(submitted.exitCode, 0)
        XCTAssertTrue(submitted.message.contains("submitted 6 of 6 jobs"), submitted.message)
        let lines = try String(contentsOf: calls, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].contains("--export=NONE") && lines[0].contains("--partition=short")
                      && lines[0].contains("--array=0-3%3") && lines[0].hasSuffix("task.sh 0"), lines[0])
        XCTAssertTrue(lines[1].contains("--array=0-1%3") && lines[1].hasSuffix("task.sh 4"), lines[1])
        XCTAssertTrue(lines[2].contains("--dependency=afterany:101:102") && lines[2].hasSuffix("collect.sh"), lines[2])
        let list = try SweepJobList.load(files.jobList)
        XCTAssertEqual(list.jobs.map(\.job), try fixture.session().jobs())
        let task = try String(contentsOf: files.taskScript, encoding: .utf8)
        XCTAssertTrue(task.contains("env -i ") && task.contains("--slurm-task \"$index\""), task)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: files.taskScript.path))

        // Nothing has run: all six queued.
        var status = SweepStatus.read(list: list, records: fixture.runs.appendingPathComponent("records"), files: files)
        XCTAssertEqual(status.count(.queued), 6)

        // Tasks 0 (ok), 4 (throws: failed record), 2 (killed: a log without a record), 1 (running).
        for index in [0, 4] {
            try appendLog(files, index, "bilevel-task start index=\(index) slurm=101_\(index) host=elsewhere pid=1 at=\(Date().timeIntervalSince1970 + 1)")
            guard case .failure(let done as ExecutorFinished) = try sweep(fixture, ["--slurm-task", "\(index)"], commands: fake) else {
                return XCTFail("a task should hand off")
            }
            XCTAssertEqual(done.exitCode, index == 0 ? 0 : 1)
            try appendLog(files, index, "bilevel-task end index=\(index) status=\(done.exitCode) at=0")
        }
        try appendLog(files, 2, "bilevel-task start index=2 slurm=101_2 host=elsewhere pid=1 at=\(Date().timeIntervalSince1970 + 1)\nbilevel-task end index=2 status=137 at=0")
        try appendLog(files, 1, "bilevel-task start index=1 slurm=101_1 host=elsewhere pid=1 at=\(Date().timeIntervalSince1970 + 1)")
        status = SweepStatus.read(list: list, records: fixture.runs.appendingPathComponent("records"), files: files)
        XCTAssertEqual(status.items.map(\.state), [.done, .running, .failed, .queued, .failed, .queued])
        XCTAssertEqual(status.items[2].detail, "task exited with status 137")
        XCTAssertEqual(status.items[4].detail, "toy failure")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixture.runs.appendingPathComponent("records").path).filter { !$0.hasPrefix(".") }.count, 2)

        // Collect: the two records there, the four missing ones counted as failed.
        guard case .success(let collected) = try sweep(fixture, ["--slurm-collect"], commands: fake) else { return XCTFail("collect returns records") }
        XCTAssertEqual(collected.map(\.status), [.ok, .failed])

        // Resubmission: the failed jobs 2 and 4 and (squeue knows none) the forgotten queued 3 and 5; not 0 (done) nor 1 (running).
        guard case .failure(let again as ExecutorFinished) = try sweep(fixture, ["--executor", "slurm"], commands: fake) else {
            return XCTFail("resubmission should hand off")
        }
        XCTAssertTrue(again.message.contains("submitted 4 of 6 jobs"), again.message)
        let relines = try String(contentsOf: calls, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertTrue(relines[3].contains("--array=2-3 ") && relines[3].hasSuffix("task.sh 0"), relines[3])
        XCTAssertTrue(relines[4].contains("--array=0-1 ") && relines[4].hasSuffix("task.sh 4"), relines[4])
        XCTAssertEqual(try SweepJobList.load(files.jobList), list, "the job list is written once")

        // A task whose inputs changed since submission (a binary rebuilt from other code) refuses to run.
        guard case .failure(let changed) = try sweep(fixture, ["--slurm-task", "3"], commands: fake, codeDigest: "another-digest") else { return XCTFail() }
        XCTAssertTrue("\(changed)".contains("the inputs changed since the sweep was submitted (code digest"), "\(changed)")
    }

    func appendLog(_ files: SweepFiles, _ index: Int, _ text: String) throws {
        let url = files.log(job: index)
        let old = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        try (old + text + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}
