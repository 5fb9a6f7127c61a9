using Engram.Errors;
using Engram.Memories;

namespace Engram.Wire;

/// <summary>Batch writes to and from their wire shapes; a malformed item is refused naming <c>items[i].field</c>.</summary>
internal static class BatchMapping
{
    private static readonly Dictionary<string, BatchOperation> Operations = new(StringComparer.Ordinal)
    {
        ["write"] = BatchOperation.Write,
        ["create"] = BatchOperation.Create,
        ["update"] = BatchOperation.Update,
        ["delete"] = BatchOperation.Delete,
    };

    public static BatchWriteJson ToJson(this IReadOnlyList<BatchWriteItem> items) => new(items.Select(item => new BatchWriteItemJson(
        Name(item.Operation), item.Path, item.Content,
        item.ExpectedContentSha256 is { } sha ? new BatchPreconditionJson("content_sha256", sha) : null, item.Reason)).ToList());

    /// <summary>The items of a batch body; a missing list, an unknown operation or precondition type is refused naming the item's field.</summary>
    public static IReadOnlyList<BatchWriteItem> ToModel(this BatchWriteJson body)
    {
        var items = body.Items ?? throw new InvalidRequestException("items", "is required: a list of {operation, path, content, precondition, reason}");
        return items.Select((item, i) =>
        {
            if (item is null)
            {
                throw new InvalidRequestException($"items[{i}]", "must be an object");
            }

            var operation = item.Operation is null ? BatchOperation.Write
                : Operations.TryGetValue(item.Operation, out var known) ? known
                : throw new InvalidRequestException($"items[{i}].operation", $"must be write, create, update or delete (got \"{item.Operation}\")");
            if (item.Precondition is { Type: not "content_sha256" } precondition)
            {
                throw new InvalidRequestException($"items[{i}].precondition.type", $"must be content_sha256 (got \"{precondition.Type}\")");
            }

            return new BatchWriteItem(operation, item.Path, item.Content, item.Precondition?.ContentSha256, item.Reason);
        }).ToList();
    }

    public static BatchResultJson ToJson(this IReadOnlyList<BatchItemOutcome> outcomes) => new(
        outcomes.Select(o => new BatchItemJson(o.Index, o.Path, Name(o.Status), o.MemoryId, o.MemoryVersionId, o.ContentSha256, o.ProposalId, o.Error?.ToJson().Error)).ToList(),
        Count(outcomes, BatchItemStatus.Created), Count(outcomes, BatchItemStatus.Updated), Count(outcomes, BatchItemStatus.Unchanged),
        Count(outcomes, BatchItemStatus.Deleted), Count(outcomes, BatchItemStatus.Proposed), Count(outcomes, BatchItemStatus.Refused));

    public static IReadOnlyList<BatchItemOutcome> ToModel(this BatchResultJson result) => result.Data.Select(item => new BatchItemOutcome(
        item.Index, item.Path, Status(item.Status), item.MemoryId, item.MemoryVersionId, item.ContentSha256, item.ProposalId,
        item.Error is { } error ? WireErrors.FromWire(0, error) : null)).ToList();

    private static int Count(IReadOnlyList<BatchItemOutcome> outcomes, BatchItemStatus status) => outcomes.Count(o => o.Status == status);

    private static string Name(BatchOperation operation) => operation.ToString().ToLowerInvariant();

    private static string Name(BatchItemStatus status) => status.ToString().ToLowerInvariant();

    private static BatchItemStatus Status(string name) => Enum.TryParse<BatchItemStatus>(name, ignoreCase: true, out var status) && !int.TryParse(name, out _)
        ? status
        : throw new EngramException(ErrorType.Internal, "api_error", $"the server answered a batch item with status \"{name}\", which this client does not know");
}
