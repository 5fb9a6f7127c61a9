namespace Engram.Dreaming.Dreams;

/// <summary>
/// What became of a pattern after a proposal about it was applied: an earlier dream saw it in
/// <see cref="SessionsBefore"/> of <see cref="SessionsReadBefore"/> sessions; of this dream's sessions that started
/// after the proposal was applied, <see cref="SeenAfter"/> of <see cref="SessionsAfter"/> still show it. A change
/// that did not help is visible here, and can be reverted (<c>engram dreams revert</c>).
/// </summary>
/// <param name="ProposalId">The applied proposal.</param>
/// <param name="DreamId">The earlier dream that proposed it.</param>
/// <param name="Signature">The pattern's signature.</param>
/// <param name="Title">The proposal's title.</param>
/// <param name="AppliedAt">When it was applied.</param>
/// <param name="SessionsBefore">Sessions with the pattern when it was proposed.</param>
/// <param name="SessionsReadBefore">Sessions the earlier dream read.</param>
/// <param name="SessionsAfter">This dream's sessions that started after <paramref name="AppliedAt"/>.</param>
/// <param name="SeenAfter">Of those, the sessions that still show the pattern.</param>
public sealed record DreamEffect(
    string ProposalId,
    string DreamId,
    string Signature,
    string Title,
    DateTimeOffset AppliedAt,
    int SessionsBefore,
    int SessionsReadBefore,
    int SessionsAfter,
    int SeenAfter);
