using System.Text.Json;

namespace Engram.Conformance;

/// <summary>
/// What the TypeScript SDK's client saw (<see cref="NodeMcpClient"/>): each step's value, or the error it got with
/// its JSON-RPC code. The store it ran against held <c>/notes/welcome.md</c> with <see cref="McpScenario.WelcomeText"/>.
/// </summary>
public sealed class NodeMcpReport(JsonElement report)
{
    private static readonly string[] Tools =
        ["memory_context", "memory_create", "memory_delete", "memory_history", "memory_insert", "memory_rename", "memory_search", "memory_str_replace", "memory_view"];

    public JsonElement Json => report;

    /// <summary>The value of a step that succeeded (failing the test with the step's error otherwise).</summary>
    public JsonElement Value(string step)
    {
        var result = Step(step);
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{step}: {result}");
        return result.GetProperty("value");
    }

    /// <summary>The JSON-RPC error code and message of a step that failed (failing the test if it succeeded).</summary>
    public (int Code, string Message) Error(string step)
    {
        var result = Step(step);
        Assert.False(result.GetProperty("ok").GetBoolean(), $"{step} should have failed: {result}");
        return (result.GetProperty("code").ValueKind == JsonValueKind.Number ? result.GetProperty("code").GetInt32() : 0, result.GetProperty("message").GetString()!);
    }

    /// <summary>What the scenario must show over any transport.</summary>
    public void AssertScenario()
    {
        Assert.Equal("engram", Value("initialize").GetProperty("server").GetProperty("name").GetString());
        Assert.Empty(report.GetProperty("clientErrors").EnumerateArray());

        var tools = Value("tools/list").EnumerateArray().ToList();
        Assert.Equal(Tools, tools.Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal));

        Assert.StartsWith("Here're the files and directories up to 2 levels deep in /memories", ToolText("memory_view"), StringComparison.Ordinal);
        Assert.Equal("File created successfully at: /memories/notes/from-node.md", ToolText("memory_create"));
        Assert.Contains("/memories/notes/welcome.md", ToolText("memory_search"), StringComparison.Ordinal);
        Assert.Contains("create", ToolText("memory_history"), StringComparison.Ordinal);
        Assert.Contains("/notes/welcome.md", ToolText("memory_context"), StringComparison.Ordinal);

        // Every tool with a required argument, called with none: invalid params naming the first it requires.
        foreach (var tool in tools.Where(t => t.GetProperty("required").GetArrayLength() > 0))
        {
            var name = tool.GetProperty("name").GetString()!;
            var (code, message) = Error($"missing {name}");
            Assert.Equal(-32602, code);
            Assert.EndsWith($": {tool.GetProperty("required")[0].GetString()}: is required", message, StringComparison.Ordinal);
        }

        var listed = Value("resources/list").EnumerateArray().Select(r => r.GetProperty("uri").GetString()!).ToList();
        Assert.Equal(2, listed.Count);
        Assert.Contains(listed, uri => uri.EndsWith("/notes/welcome.md", StringComparison.Ordinal));
        var template = Assert.Single(Value("resources/templates/list").EnumerateArray());
        Assert.Equal("engram://{store}/{+path}", template.GetProperty("uriTemplate").GetString());
        Assert.Equal("text/markdown", template.GetProperty("mimeType").GetString());
        Assert.Equal(McpScenario.WelcomeText, Assert.Single(Value("resources/read").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(McpScenario.WelcomeText, Value("resources/read by template").GetProperty("text").GetString());
        Assert.Equal((-32602, "MCP error -32602: uri: no memory you can read is at this URI"), Error("resources/read missing"));

        var prompt = Assert.Single(Value("prompts/list").EnumerateArray());
        Assert.Equal("memory_section", prompt.GetProperty("name").GetString());
        Assert.Contains("/notes/welcome.md", Assert.Single(Value("prompts/get").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal((-32602, "MCP error -32602: budget: must be a whole number of tokens (got \"lots\")"), Error("prompts/get bad budget"));
    }

    private string ToolText(string tool)
    {
        var result = Value($"call {tool}");
        Assert.False(result.GetProperty("isError").GetBoolean(), $"{tool}: {result}");
        return result.GetProperty("text").GetString()!;
    }

    private JsonElement Step(string step) =>
        report.GetProperty("steps").TryGetProperty(step, out var result) ? result : throw new Xunit.Sdk.XunitException($"the client did not get to '{step}': {report}");
}
