using Engram.Review;

namespace Engram.Memories;

/// <summary>
/// What a memory write ended with: written, or, because the caller may propose but not write there, filed as a
/// pending <see cref="Review.Proposal"/> (nothing in the store changed; a reviewer decides). Both are successes;
/// a refusal is still an exception. Faces answer a proposal as an outcome (HTTP 202 with the proposal, CLI exit
/// code 3), never as an error.
/// </summary>
public class WriteResult
{
    private protected WriteResult(Proposal? proposal) => Proposal = proposal;

    private static readonly WriteResult Done = new(null);

    /// <summary>A write that happened with nothing to return (a deletion).</summary>
    public static WriteResult Written() => Done;

    /// <summary>The proposal that was filed instead of the write, or null when the write happened.</summary>
    public Proposal? Proposal { get; }

    /// <summary>True when the write became a proposal.</summary>
    public bool IsProposed => Proposal is not null;

    /// <summary>A write filed as <paramref name="proposal"/>.</summary>
    public static WriteResult Proposed(Proposal proposal) => new(proposal ?? throw new ArgumentNullException(nameof(proposal)));

    /// <summary>How a face tells a person that the write became a proposal (the CLI's line, the old error message).</summary>
    public static string Describe(Proposal proposal) =>
        $"you may propose but not write {proposal.Path}; proposal {proposal.Id} was filed for review";

    /// <summary>Fails loudly (with the proposal's id) when the write became a proposal; for a caller that assumed a write.</summary>
    public void EnsureWritten()
    {
        if (Proposal is { } proposal)
        {
            throw new InvalidOperationException($"the write was not done: {Describe(proposal)}. Check IsProposed before assuming a write");
        }
    }
}

/// <summary>A write that returns what it wrote (<see cref="Value"/>) or, instead, the proposal it filed.</summary>
public sealed class WriteResult<T> : WriteResult
{
    private readonly T? _value;

    private WriteResult(T? value, Proposal? proposal)
        : base(proposal) => _value = value;

    /// <summary>What was written. Like <see cref="Nullable{T}.Value"/>, it throws when there is none: here when the write became a proposal.</summary>
    public T Value
    {
        get
        {
            EnsureWritten();
            return _value!;
        }
    }

    /// <summary>A write that happened, with what it wrote.</summary>
    public static WriteResult<T> Written(T value) => new(value, null);

    /// <summary>A write filed as <paramref name="proposal"/>.</summary>
    public static new WriteResult<T> Proposed(Proposal proposal) => new(default, proposal ?? throw new ArgumentNullException(nameof(proposal)));

    /// <summary>The same outcome with the written value mapped (a proposal stays the proposal).</summary>
    public WriteResult<TOther> Select<TOther>(Func<T, TOther> map) =>
        Proposal is { } proposal ? WriteResult<TOther>.Proposed(proposal) : WriteResult<TOther>.Written(map(_value!));
}
