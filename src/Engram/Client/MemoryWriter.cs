using Engram.Errors;
using Engram.Memories;

namespace Engram.Client;

/// <summary>Writes content at a path whether or not a memory lives there yet (create or update).</summary>
internal static class MemoryWriter
{
    /// <summary>
    /// Creates the memory at <paramref name="path"/>, or updates the one there. With
    /// <paramref name="expectedSha256"/> (the full hash, or a prefix of it: <see cref="ExpectedSha256"/>) the write
    /// happens only if the current content still has that hash (and a missing memory fails the precondition).
    /// Where the caller may only propose, the write is filed as a proposal instead.
    /// </summary>
    public static async Task<WriteResult<WriteOutcome>> WriteAsync(
        IMemoryStoreClient client, string storeId, string path, string content, string? expectedSha256, string? reason, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            Memory? existing;
            try
            {
                existing = await client.GetMemoryByPathAsync(storeId, path, MemoryView.Basic, cancellationToken).ConfigureAwait(false);
            }
            catch (NotFoundException failure) when (failure.Kind != "memory_store")
            {
                existing = null;
            }

            if (existing is null)
            {
                if (expectedSha256 is not null)
                {
                    throw ExpectedSha256.IsPrefix(expectedSha256)
                        ? new PreconditionFailedException($"there is no memory at {path}, so its content cannot have a sha256 starting {expectedSha256}")
                        : new PreconditionFailedException($"there is no memory at {path}, so its content cannot have sha256 {expectedSha256}");
                }

                try
                {
                    var created = await client.CreateMemoryAsync(storeId, new CreateMemoryRequest(path, content, reason), cancellationToken).ConfigureAwait(false);
                    return created.Select(memory => new WriteOutcome(memory, WriteKind.Created));
                }
                catch (PathConflictException conflict) when (conflict.ConflictingPath == path && attempt == 0)
                {
                    continue; // someone created it between our read and our create: update it instead
                }
            }

            var expected = expectedSha256 is null ? null
                // Content already exactly this is unchanged whatever the precondition says (the compatible API's rule), prefix or not.
                : ExpectedSha256.IsPrefix(expectedSha256) && MemoryContent.IsValid(content) && MemoryContent.Sha256(content) == existing.ContentSha256 ? existing.ContentSha256
                : ExpectedSha256.Resolve(expectedSha256, existing.ContentSha256, $"memory {existing.Id} at {path}");
            var updated = await client.UpdateMemoryAsync(
                storeId, existing.Id, new UpdateMemoryRequest(content, ExpectedContentSha256: expected, Reason: reason), cancellationToken).ConfigureAwait(false);
            return updated.Select(memory => new WriteOutcome(memory, memory.MemoryVersionId == existing.MemoryVersionId ? WriteKind.Unchanged : WriteKind.Updated));
        }
    }
}

/// <summary>What a write did.</summary>
internal sealed record WriteOutcome(Memory Memory, WriteKind Kind);

/// <summary>Whether a write created, changed or left a memory as it was.</summary>
internal enum WriteKind
{
    /// <summary>A new memory.</summary>
    Created,
    /// <summary>A new version of an existing memory.</summary>
    Updated,
    /// <summary>The content was already exactly this; no version was written.</summary>
    Unchanged,
}
