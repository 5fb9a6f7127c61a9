namespace Engram.Errors;

/// <summary>A create or rename targets a path that is used by, or overlaps, another memory's path.</summary>
public sealed class PathConflictException : EngramException
{
    /// <summary>
    /// The conflict of <paramref name="requestedPath"/> with the memory at <paramref name="conflictingPath"/>; an
    /// empty <paramref name="conflictingMemoryId"/> stands for a memory the caller may not read, which is not named.
    /// </summary>
    public PathConflictException(string requestedPath, string conflictingPath, string conflictingMemoryId)
        : this(Describe(requestedPath, conflictingPath, conflictingMemoryId), new Blocker(conflictingPath, conflictingMemoryId))
    {
    }

    private PathConflictException(string message, Blocker blocker)
        : base(ErrorType.PathConflict, "memory_path_conflict_error", message, ErrorCodes.PathConflict)
    {
        ConflictingPath = blocker.Path;
        ConflictingMemoryId = blocker.MemoryId;
    }

    /// <summary>The path that blocked the write: the requested path, or an ancestor or descendant of it.</summary>
    public string ConflictingPath { get; }

    /// <summary>The memory that holds <see cref="ConflictingPath"/>.</summary>
    public string ConflictingMemoryId { get; }

    /// <summary>The conflict as an error body described it.</summary>
    internal static PathConflictException FromWire(string message, string conflictingPath, string conflictingMemoryId) =>
        new(message, new Blocker(conflictingPath, conflictingMemoryId));

    private static string Describe(string requestedPath, string conflictingPath, string conflictingMemoryId) =>
        conflictingMemoryId.Length == 0
            // A blocker the caller may not read: whether it sits at the path, above or below it is not the caller's to know.
            ? $"path: {requestedPath} is already used by, or overlaps, a memory you may not read"
            : conflictingPath == requestedPath
                ? $"path: {requestedPath} is already used by memory {conflictingMemoryId}"
                : $"path: {requestedPath} overlaps {conflictingPath} (memory {conflictingMemoryId}); one path may not be an ancestor of another";

    private sealed record Blocker(string Path, string MemoryId);
}
