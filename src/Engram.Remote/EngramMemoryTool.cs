using System.Text.Json;
using Anthropic.Helpers.Beta;
using Anthropic.Models.Beta.Messages;
using Engram.Client;
using Engram.MemoryTool;

namespace Engram.Remote;

/// <summary>
/// The official SDK's memory tool (<c>memory_20250818</c>) backed by an Engram store: register it with the
/// SDK's tool runner, or call <c>ExecuteAsync</c> on each <c>tool_use</c> block. Works over any <see cref="IMemoryStoreClient"/>, in-process or remote.
/// </summary>
/// <remarks>
/// Each command goes to a <see cref="MemoryToolHandler"/>, so the answers are the contract's strings. An error
/// result is thrown as <see cref="BetaToolError"/>, which the SDK sends back with <c>is_error: true</c>; a
/// write filed as a proposal is a normal result.
/// </remarks>
public sealed class EngramMemoryTool : BetaAbstractMemoryTool
{
    /// <summary>A memory tool over <paramref name="storeId"/>, with <c>/memories</c> at <paramref name="root"/>.</summary>
    public EngramMemoryTool(IMemoryStoreClient client, string storeId, string root = "/", BetaCacheControlEphemeral? cacheControl = null)
        : this(new MemoryToolHandler(client, storeId, root), cacheControl)
    {
    }

    /// <summary>A memory tool over an existing handler.</summary>
    public EngramMemoryTool(MemoryToolHandler handler, BetaCacheControlEphemeral? cacheControl = null)
        : base(cacheControl)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handler = handler;
    }

    /// <summary>The handler every command runs through.</summary>
    public MemoryToolHandler Handler { get; }

    /// <inheritdoc />
    protected override Task<BetaToolResultBlockParamContent> ViewAsync(BetaMemoryTool20250818ViewCommand command, CancellationToken cancellationToken) =>
        RunAsync(command.RawData, cancellationToken);

    /// <inheritdoc />
    protected override Task<BetaToolResultBlockParamContent> CreateAsync(BetaMemoryTool20250818CreateCommand command, CancellationToken cancellationToken) =>
        RunAsync(command.RawData, cancellationToken);

    /// <inheritdoc />
    protected override Task<BetaToolResultBlockParamContent> StrReplaceAsync(BetaMemoryTool20250818StrReplaceCommand command, CancellationToken cancellationToken) =>
        RunAsync(command.RawData, cancellationToken);

    /// <inheritdoc />
    protected override Task<BetaToolResultBlockParamContent> InsertAsync(BetaMemoryTool20250818InsertCommand command, CancellationToken cancellationToken) =>
        RunAsync(command.RawData, cancellationToken);

    /// <inheritdoc />
    protected override Task<BetaToolResultBlockParamContent> DeleteAsync(BetaMemoryTool20250818DeleteCommand command, CancellationToken cancellationToken) =>
        RunAsync(command.RawData, cancellationToken);

    /// <inheritdoc />
    protected override Task<BetaToolResultBlockParamContent> RenameAsync(BetaMemoryTool20250818RenameCommand command, CancellationToken cancellationToken) =>
        RunAsync(command.RawData, cancellationToken);

    /// <summary>Deletes every memory under the root the caller may list (the root itself stays).</summary>
    public override async Task<BetaToolResultBlockParamContent> ClearAllMemoryAsync(CancellationToken cancellationToken = default) =>
        Answer(await Handler.ClearAllAsync(cancellationToken).ConfigureAwait(false));

    // The raw fields, not the typed properties, go to the handler: it names a malformed field in its answer, and a missing
    // new_str (delete old_str) reads as null.
    private async Task<BetaToolResultBlockParamContent> RunAsync(IReadOnlyDictionary<string, JsonElement> input, CancellationToken cancellationToken) =>
        Answer(await Handler.ExecuteAsync(JsonSerializer.SerializeToElement(input), cancellationToken).ConfigureAwait(false));

    private static BetaToolResultBlockParamContent Answer(MemoryToolResult result) =>
        result.IsError ? throw new BetaToolError(result.Text) : result.Text;
}
