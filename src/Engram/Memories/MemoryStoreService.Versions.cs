using Engram.Access;
using Engram.Errors;
using Engram.Identity;
using Engram.Storage;

namespace Engram.Memories;

public sealed partial class MemoryStoreService
{
    /// <summary>Versions newest first, with the compatible API's filters.</summary>
    public async Task<Page<MemoryVersion>> ListVersionsAsync(Caller caller, string storeId, VersionListQuery query, CancellationToken cancellationToken)
    {
        var filter = new VersionFilter(
            ValidateId(query.MemoryId, IdPrefix.Memory, "memory_id"),
            query.Operation,
            ValidateId(query.SessionId, IdPrefix.Session, "session_id"),
            ValidateId(query.ApiKeyId, IdPrefix.ApiKey, "api_key_id"),
            ValidateId(query.ServiceAccountId, IdPrefix.ServiceAccount, "service_account_id"),
            query.CreatedAtGte,
            query.CreatedAtLte);
        var limit = ListLimits.Resolve(query.Limit, query.View);
        var after = PageToken.ParseTimeId(query.Page);
        await RequireStoreAsync(storeId, cancellationToken).ConfigureAwait(false);
        var rows = await storage.ListVersionsAsync(storeId, filter, after, limit + 1, query.View == MemoryView.Full, cancellationToken).ConfigureAwait(false);
        return ToPage(rows, limit, v => PageToken.For(new TimeIdCursor(v.CreatedAt, v.Id)));
    }

    /// <summary>One version (content included with <see cref="MemoryView.Full"/> unless redacted or a deletion).</summary>
    public async Task<MemoryVersion> GetVersionAsync(Caller caller, string storeId, string versionId, MemoryView view, CancellationToken cancellationToken)
    {
        var version = await storage.GetVersionAsync(storeId, versionId, view == MemoryView.Full, cancellationToken).ConfigureAwait(false);
        return await FoundAsync(version, storeId, "memory_version", versionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Clears a version's content, hash, size and path for good and keeps the record. The version that
    /// holds a live memory's current content cannot be redacted: update or delete the memory first.
    /// Redacting a redacted version changes nothing.
    /// </summary>
    public Task<MemoryVersion> RedactVersionAsync(Caller caller, string storeId, string versionId, CancellationToken cancellationToken) =>
        storage.WriteAsync(tx =>
        {
            RequireStore(tx, storeId);
            var version = tx.GetVersion(storeId, versionId) ?? throw new NotFoundException("memory_version", versionId);
            if (version.IsRedacted)
            {
                return version;
            }

            var live = tx.GetMemory(storeId, version.MemoryId);
            if (live?.MemoryVersionId == version.Id)
            {
                throw new InvalidStateException(
                    $"memory_version {versionId} holds the current content of memory {live.Id}; update or delete the memory first, then redact this version");
            }

            tx.RedactVersion(storeId, versionId, Now(), caller.Actor);
            return tx.GetVersion(storeId, versionId)!;
        }, cancellationToken);

    /// <summary>
    /// Extension: writes the content of an earlier version as a new version. The path stays where it is;
    /// a deleted memory is restored, with its id, at the path the version recorded.
    /// </summary>
    public Task<Memory> RevertMemoryAsync(Caller caller, string storeId, string memoryId, RevertMemoryRequest request, CancellationToken cancellationToken)
    {
        var versionId = request.VersionId ?? throw new InvalidRequestException("version_id", "is required: the version whose content to restore");
        var expected = request.ExpectedContentSha256 is null ? null : MemoryContent.ValidateSha256(request.ExpectedContentSha256, "expected_content_sha256");
        var reason = ValidateReason(request.Reason) ?? $"revert to {versionId}";
        return storage.WriteAsync(tx =>
        {
            RequireWritableStore(tx, storeId);
            var target = tx.GetVersion(storeId, versionId) ?? throw new NotFoundException("memory_version", versionId);
            if (target.MemoryId != memoryId)
            {
                throw new InvalidRequestException("version_id", $"{versionId} is a version of memory {target.MemoryId}, not of {memoryId}");
            }

            if (target.IsRedacted || target.ContentSha256 is null)
            {
                throw new InvalidStateException(target.IsRedacted
                    ? $"memory_version {versionId} was redacted; its content is gone and cannot be restored"
                    : $"memory_version {versionId} records a deletion; pick a version that has content");
            }

            var content = tx.GetContent(target.ContentSha256)!;
            var now = Now();
            var current = tx.GetMemory(storeId, memoryId);
            if (current is null)
            {
                if (expected is not null)
                {
                    throw new PreconditionFailedException($"memory {memoryId} is deleted, so it has no content_sha256 to match {expected}");
                }

                var path = MemoryPath.Parse(target.Path, "version_id");
                EnsurePathIsFree(tx, storeId, path, movingMemoryId: null);
                var restored = new Memory(memoryId, storeId, path.Value, null, target.ContentSha256, target.ContentSizeBytes ?? 0, "", now, now);
                var created = NewVersion(caller, restored, VersionOperation.Created, now, reason);
                restored = restored with { MemoryVersionId = created.Id };
                tx.InsertMemory(restored);
                tx.InsertVersion(created);
                return restored with { Content = content };
            }

            CheckPrecondition(current, expected);
            if (current.ContentSha256 == target.ContentSha256)
            {
                return current with { Content = content };
            }

            var reverted = current with { ContentSha256 = target.ContentSha256, ContentSizeBytes = target.ContentSizeBytes ?? 0 };
            var version = NewVersion(caller, reverted, VersionOperation.Modified, now, reason);
            reverted = reverted with { MemoryVersionId = version.Id, UpdatedAt = now };
            tx.UpdateMemory(reverted);
            tx.InsertVersion(version);
            return reverted with { Content = content };
        }, cancellationToken);
    }
}
