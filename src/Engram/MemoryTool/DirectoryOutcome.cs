namespace Engram.MemoryTool;

/// <summary>
/// How a delete or rename of several memories went, one memory at a time (the store has no multi-memory
/// transaction): how many were written, which became proposals, and the answer that says so.
/// </summary>
internal sealed class DirectoryOutcome(string path, int total, string verb)
{
    public int Done { get; set; }

    public List<string> Proposals { get; } = [];

    /// <summary>Counts one memory's write: done, or filed as a proposal.</summary>
    public void Count(Memories.WriteResult result)
    {
        if (result.Proposal is { } proposal)
        {
            Proposals.Add(proposal.Id);
        }
        else
        {
            Done++;
        }
    }

    /// <summary><paramref name="success"/> when every memory was written, else the proposal text.</summary>
    public MemoryToolResult Finished(string success)
    {
        if (Proposals.Count == 0)
        {
            return MemoryToolResult.Ok(success);
        }

        var proposed = ToolText.Proposed(path, Proposals);
        return MemoryToolResult.Ok(Done == 0 ? proposed : $"{ToolText.Partly(Done, total, path, verb)} {proposed}");
    }

    /// <summary>An error part-way, saying how much was already written.</summary>
    public MemoryToolResult Stopped(MemoryToolResult failure) =>
        Done == 0 && Proposals.Count == 0
            ? failure
            : failure with { Text = $"{failure.Text} {ToolText.Partly(Done, total, path, verb)}" };
}
