using Engram.Errors;

namespace Engram.Review;

/// <summary>
/// The lowercase names of <see cref="ProposalStatus"/>, as the API, the CLI and the review UI use them, and the one
/// reading of a status filter every face shares.
/// </summary>
internal static class ProposalStatusNames
{
    /// <summary>The filter word for proposals of any status.</summary>
    public const string All = "all";

    /// <summary>The statuses in the order messages list them.</summary>
    public static IReadOnlyList<ProposalStatus> Statuses { get; } =
        [ProposalStatus.Pending, ProposalStatus.Accepted, ProposalStatus.Rejected, ProposalStatus.Conflicted, ProposalStatus.Applied];

    /// <summary><c>pending</c>, <c>accepted</c>, <c>rejected</c>, <c>conflicted</c> or <c>applied</c>.</summary>
    public static string Of(ProposalStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// The status filter <paramref name="text"/> names: a status by its exact lowercase name, <c>all</c> (null: any
    /// status), or, when <paramref name="text"/> is absent, <paramref name="whenAbsent"/> (each face keeps its default).
    /// Anything else is refused naming <paramref name="field"/>.
    /// </summary>
    public static ProposalStatus? ParseFilter(string? text, string field, ProposalStatus? whenAbsent) => text switch
    {
        null => whenAbsent,
        All => null,
        _ => Statuses.FirstOrDefault(s => Of(s) == text) is var status && status != default
            ? status
            : throw new InvalidRequestException(field, $"must be {string.Join(", ", Statuses.Select(Of))} or {All} (got \"{text}\")"),
    };
}
