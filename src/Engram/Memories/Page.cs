namespace Engram.Memories;

/// <summary>One page of a list; pass <see cref="NextPage"/> back as <c>page</c> for the next one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? NextPage);
