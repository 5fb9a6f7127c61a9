using Engram.Errors;

namespace Engram.Memories;

/// <summary>
/// A validated list prefix: <c>/</c> (the whole store) or a path ending in <c>/</c>. It matches whole
/// segments, so <c>/notes/</c> matches <c>/notes/todo.md</c> but not <c>/notes-archive/todo.md</c>.
/// </summary>
internal readonly record struct PathPrefix
{
    /// <summary>The prefix that matches every memory in a store.</summary>
    public static readonly PathPrefix Root = new("/");

    private PathPrefix(string value) => Value = value;

    /// <summary>The prefix text, always ending in <c>/</c>.</summary>
    public string Value { get; }

    /// <summary>Number of segments in the prefix (0 for the root).</summary>
    public int SegmentCount => Value.AsSpan().Count('/') - 1;

    /// <summary>Validates a prefix, or returns <see cref="Root"/> when none was given.</summary>
    public static PathPrefix Parse(string? value, string field = "path_prefix")
    {
        if (value is null || value == "/")
        {
            return Root;
        }

        if (value.Length == 0)
        {
            throw new InvalidRequestException(field, "must not be empty (omit it, or pass '/', to list the whole store)");
        }

        if (value[^1] != '/')
        {
            throw new InvalidRequestException(field, $"must end with '/' so that it matches whole segments (got \"{value}\")");
        }

        var broken = MemoryPath.FindBrokenRule(value[..^1]);
        return broken is null ? new PathPrefix(value) : throw new InvalidRequestException(field, broken);
    }

    /// <summary>
    /// A prefix as a person names a directory: <c>/org</c> is taken as <c>/org/</c> (whole segments, as
    /// <see cref="Parse"/> requires), and anything else is validated as <see cref="Parse"/> does.
    /// </summary>
    public static PathPrefix ParseDirectory(string? value, string field) =>
        Parse(value is { Length: > 0 } typed && typed[^1] != '/' ? typed + "/" : value, field);

    /// <inheritdoc />
    public override string ToString() => Value;
}
