namespace Engram.Bulk;

/// <summary>A file that import or export did not carry over, and the rule that says why.</summary>
internal sealed record BulkFileNote(string File, string Reason);

/// <summary>A write that became a pending proposal (the caller may only propose at that path).</summary>
internal sealed record BulkProposal(string File, string Path, string ProposalId);

/// <summary>What an import did: memories written, files left as they were, files passed over, files that failed.</summary>
internal sealed class BulkImportSummary
{
    /// <summary>Markdown files found (imported or not).</summary>
    public int Files { get; internal set; }

    public int Created { get; internal set; }

    public int Updated { get; internal set; }

    /// <summary>Files whose content the memory at their path already holds: nothing was written for them.</summary>
    public int Unchanged { get; internal set; }

    public List<BulkProposal> Proposed { get; } = [];

    /// <summary>Entries passed over by rule, not by failure: hidden files and directories, files that are not markdown, links inside the directory.</summary>
    public List<BulkFileNote> Skipped { get; } = [];

    /// <summary>Files that should have been imported and were not (bad UTF-8, too large, an invalid path, a link out of the directory, a refused write).</summary>
    public List<BulkFileNote> Failed { get; } = [];

    /// <summary>Changed files not written because the memory changed in the store since it was imported (or no import wrote it).</summary>
    public List<BulkFileNote> Conflicts { get; } = [];

    /// <summary>Files unchanged since their last import whose memory changed in the store since: the store's newer version was kept.</summary>
    public List<BulkFileNote> Kept { get; } = [];

    public int Written => Created + Updated;

    /// <summary>True when a file that should have been imported was not: the run should be looked at, fixed and run again.</summary>
    public bool Incomplete => Failed.Count > 0;
}

/// <summary>How far an import is: files looked at out of those found, and what became of them so far.</summary>
internal sealed record BulkImportProgress(int Files, int Done, int Written, int Unchanged, int Failed);
