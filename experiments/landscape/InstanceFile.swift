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
/// The field at fault in a decoding error, with what a non-number there is
/// ("wrong type at 'transitions[3]' ('NaN' is a string; numbers must be finite JSON numbers)").
func instanceProblem(_ error: Error, _ json: JSONValue) -> String {
    var text = JSONFile.shortDescription(of: error)
    if case .typeMismatch(_, let context) = error as? DecodingError {
        var value: JSONValue? = json
        for key in context.codingPath {
            if let i = key.intValue, case .array(let items)? = value { value = i < items.count ? items[i] : nil }
            else { value = value?.objectValue?[key.stringValue] }
        }
        if case .string(let s)? = value { text += " ('\(s.prefix(20))' is a string; numbers must be finite JSON numbers)" }
    }
    return text
}

public func loadInstance(_ json: JSONValue, source: String) throws -> LoadedInstance {
    var candidates = [json]
    if let object = json.objectValue { candidates += object.keys.sorted().compactMap { object[$0] }.filter { $0.objectValue != nil } }
    for c in candidates {
        guard let object = c.objectValue else { continue }
        if object["leaderReward"] != nil {
            let g: StackelbergGameFile
            do { g = try c.decode(StackelbergGameFile.self) } catch {
                throw LandscapeError("\(source): the Stackelberg game instance is malformed: \(instanceProblem(error, c))")
            }
            let game = try g.game()
            return LoadedInstance(problem: try g.problem(), followerActionCount: game.followerActionCount,
                                  description: "Stackelberg game from \(source) (n = \(game.stateCount))")
        }
        if object["lowerFeatures"] != nil {
            let l: LinearBilevelFile
            do { l = try c.decode(LinearBilevelFile.self) } catch {
                throw LandscapeError("\(source): the linear-reward bilevel instance is malformed: \(instanceProblem(error, c))")
            }
            return LoadedInstance(problem: try l.problem(), followerActionCount: l.actionCount,
                                  description: "linear-reward bilevel problem from \(source) (n = \(l.stateCount), dim x = \(l.featureCount))")
        }
    }
    throw LandscapeError("\(source): the instance is neither a Stackelberg game (stateCount, leaderActionCount, followerActionCount, transitions, leaderReward, followerReward, gamma, tau, initialDistribution) nor a linear-reward bilevel problem (stateCount, actionCount, transitions, lowerFeatures, lowerOffset, upperFeatures, upperOffset, featureCount, regularization, gamma, tau, initialDistribution)")
}
