import BilevelCore
import Environments
import Foundation
import Lab

/// Instances in run records (see `StackelbergGameFile`, `LinearBilevelFile` in Environments).
///
/// A bilevel problem read back from JSON, with its follower action count (for logit centring).
public struct LoadedInstance {
    public var problem: BilevelProblem
    public var followerActionCount: Int
    public var description: String
}

/// Decodes an instance JSON object of either shape (also when nested one level, e.g. under
/// `game`); the error names the shapes understood.
public func loadInstance(_ json: JSONValue, source: String) throws -> LoadedInstance {
    var candidates = [json]
    if let object = json.objectValue { candidates += object.keys.sorted().compactMap { object[$0] }.filter { $0.objectValue != nil } }
    for c in candidates {
        guard let object = c.objectValue else { continue }
        if object["leaderReward"] != nil, let g = try? c.decode(StackelbergGameFile.self) {
            let game = try g.game()
            return LoadedInstance(problem: try g.problem(), followerActionCount: game.followerActionCount,
                                  description: "Stackelberg game from \(source) (n = \(game.stateCount))")
        }
        if object["lowerFeatures"] != nil, let l = try? c.decode(LinearBilevelFile.self) {
            return LoadedInstance(problem: try l.problem(), followerActionCount: l.actionCount,
                                  description: "linear-reward bilevel problem from \(source) (n = \(l.stateCount), dim x = \(l.featureCount))")
        }
    }
    throw LandscapeError("\(source): the instance is neither a Stackelberg game (stateCount, leaderActionCount, followerActionCount, transitions, leaderReward, followerReward, gamma, tau, initialDistribution) nor a linear-reward bilevel problem (stateCount, actionCount, transitions, lowerFeatures, lowerOffset, upperFeatures, upperOffset, featureCount, regularization, gamma, tau, initialDistribution)")
}
