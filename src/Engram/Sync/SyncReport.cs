namespace Engram.Sync;

/// <summary>What one sync run did.</summary>
internal sealed class SyncReport
{
    public List<string> Pushed { get; } = [];

    public List<string> Pulled { get; } = [];

    public List<string> DeletedHere { get; } = [];

    public List<string> DeletedThere { get; } = [];

    public List<SyncConflict> Conflicts { get; } = [];

    public List<SyncProposal> Proposals { get; } = [];

    /// <summary>Paths the store refused this caller's write to: their files are now read-only.</summary>
    public List<string> ReadOnly { get; } = [];

    public List<SyncProblem> Problems { get; } = [];

    /// <summary>
    /// Memories at paths sync does not keep as files (hidden, editor backups, names like conflict copies, names
    /// this system cannot hold), and why: they are left alone in the store, never pulled and never deleted.
    /// </summary>
    public List<SyncProblem> NotMirrored { get; } = [];

    /// <summary>What opening the sync state had to repair or move (a damaged state rebuilt, a state moved out of the directory).</summary>
    public List<string> Notices { get; } = [];

    public bool Changed => Pushed.Count + Pulled.Count + DeletedHere.Count + DeletedThere.Count + Conflicts.Count + Proposals.Count + ReadOnly.Count > 0;

    /// <summary>
    /// What the run came to, the one a person must act on first when several apply: a conflict to merge, then a
    /// refused write, then paths left for the next run, then proposals waiting for review.
    /// </summary>
    public SyncOutcome Outcome =>
        Conflicts.Count > 0 ? SyncOutcome.Conflicted
        : ReadOnly.Count > 0 ? SyncOutcome.Refused
        : Problems.Count > 0 ? SyncOutcome.Incomplete
        : Proposals.Count > 0 ? SyncOutcome.Proposed
        : SyncOutcome.InStep;
}

/// <summary>How a sync run ended (<see cref="SyncReport.Outcome"/>).</summary>
internal enum SyncOutcome
{
    /// <summary>Every path that changed was pushed, pulled or deleted; both sides agree.</summary>
    InStep,
    /// <summary>Some local edits were filed as proposals for review instead of written; the files show the store's content.</summary>
    Proposed,
    /// <summary>Some paths could not be synced (<see cref="SyncReport.Problems"/>); they are tried again next run.</summary>
    Incomplete,
    /// <summary>The store refused some local edits (<see cref="SyncReport.ReadOnly"/>): each is kept beside its file, now read-only.</summary>
    Refused,
    /// <summary>Some paths changed on both sides (<see cref="SyncReport.Conflicts"/>): the store's content is at the path, the local edit beside it.</summary>
    Conflicted,
}

/// <summary>Both sides changed <see cref="Path"/>: the store's content is at the path, the local edit in <see cref="KeptAs"/>.</summary>
internal sealed record SyncConflict(string Path, string KeptAs);

/// <summary>A local edit filed as a proposal for review instead of written.</summary>
internal sealed record SyncProposal(string Path, string ProposalId);

/// <summary>A path this run could not sync, and why (it is tried again next run).</summary>
internal sealed record SyncProblem(string Path, string Reason);
