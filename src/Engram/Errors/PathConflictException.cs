namespace Engram.Errors;

/// <summary>A create or rename targets a path that is used by, or overlaps, another memory's path.</summary>
public sealed class PathConflictException(string requestedPath, string conflictingPath, string conflictingMemoryId)
    : EngramException(
        ErrorType.PathConflict,
        "memory_path_conflict_error",
        conflictingPath == requestedPath
            ? $"path: {requestedPath} is already used by memory {conflictingMemoryId}"
            : $"path: {requestedPath} overlaps {conflictingPath} (memory {conflictingMemoryId}); one path may not be an ancestor of another")
{
    /// <summary>The path that blocked the write: the requested path, or an ancestor or descendant of it.</summary>
    public string ConflictingPath { get; } = conflictingPath;

    /// <summary>The memory that holds <see cref="ConflictingPath"/>.</summary>
    public string ConflictingMemoryId { get; } = conflictingMemoryId;
}
