// A C# agent on the official Anthropic SDK whose memory tool (memory_20250818) is an Engram store.
//
//   ANTHROPIC_API_KEY=...  dotnet run --project examples/MemoryToolAgent -- "What do you remember about our deploys?"
//
// With ENGRAM_URL and ENGRAM_API_KEY it uses that server; otherwise an in-process store in a temporary directory.
// ENGRAM_STORE_ID picks the store (default: a new one) and ENGRAM_ROOT the sub-tree /memories maps to.
using Anthropic;
using Anthropic.Helpers.Beta;
using Anthropic.Models.Beta.Messages;
using Engram;
using Engram.Client;
using Engram.Memories;
using Engram.Remote;
using Engram.Sqlite;

var task = args.Length > 0 ? string.Join(' ', args) : "Remember that deploys go out on Tuesdays, then tell me what you remember.";
if (Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") is not { Length: > 0 })
{
    Console.WriteLine("Set ANTHROPIC_API_KEY to run the agent:");
    Console.WriteLine("  ANTHROPIC_API_KEY=... dotnet run --project examples/MemoryToolAgent -- \"your task\"");
    Console.WriteLine("Optional: ENGRAM_URL and ENGRAM_API_KEY (a server), ENGRAM_STORE_ID, ENGRAM_ROOT (e.g. /agents/me/), ANTHROPIC_MODEL.");
    return 0;
}

await using var engram = await ConnectAsync();
var storeId = Environment.GetEnvironmentVariable("ENGRAM_STORE_ID")
    ?? (await engram.CreateStoreAsync(new CreateStoreRequest("memory-tool-agent"))).Id;

// The whole integration: the SDK's memory tool, backed by the store.
var memory = new EngramMemoryTool(engram, storeId, Environment.GetEnvironmentVariable("ENGRAM_ROOT") ?? "/");

var anthropic = new AnthropicClient();
var parameters = new MessageCreateParams
{
    Model = Environment.GetEnvironmentVariable("ANTHROPIC_MODEL") ?? "claude-sonnet-4-5",
    MaxTokens = 2048,
    Messages = [new BetaUserMessageParam(task)],
    Tools = [memory.Definition],
};

// The runner sends each tool_use block to EngramMemoryTool and the result back to the model, until it is done.
await foreach (var message in anthropic.Beta.Messages.ToolRunner(parameters, [memory]))
{
    foreach (var block in message.Content)
    {
        if (block.TryPickText(out var text))
        {
            Console.WriteLine(text.Text);
        }
        else if (block.TryPickToolUse(out var toolUse))
        {
            Console.WriteLine($"[memory] {string.Join(", ", toolUse.Input.Select(field => $"{field.Key}={field.Value}"))}");
        }
    }
}

return 0;

static async Task<IEngramClient> ConnectAsync()
{
    if (Environment.GetEnvironmentVariable("ENGRAM_URL") is { Length: > 0 } url)
    {
        return new RemoteEngramClient(url, Environment.GetEnvironmentVariable("ENGRAM_API_KEY") ?? "");
    }

    var directory = Directory.CreateTempSubdirectory("engram-agent-").FullName;
    var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory, "engram.db"))));
    await engine.BootstrapAsync("user_local", "local", CancellationToken.None);
    return new LocalEngramClient(engine, Engram.Access.Caller.LocalOperator("user_local"), ownsEngine: true);
}
