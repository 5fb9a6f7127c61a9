using System.Text.Json.Nodes;
using Engram.Sessions;
using Engram.Sessions.Formats;
using Engram.Tests.Sessions.Formats;

namespace Engram.Tests.Sessions;

/// <summary>Which format detection gives each kind of file, read as the importer reads it (the head and the tail).</summary>
public sealed class TranscriptDetectionTests
{
    [Theory]
    [InlineData("mini-swe-agent", "sympy__sympy-24443.traj.json", "mini-swe-agent")]
    [InlineData("mini-swe-agent", "matplotlib__matplotlib-25287.traj.json", "mini-swe-agent")]
    [InlineData("swe-agent", "pydicom__pydicom-1458.traj", "swe-agent")]
    [InlineData("swe-agent", "marshmallow-code__marshmallow-1867.traj", "swe-agent")]
    [InlineData("swe-agent", "function_calling_simple.traj", "swe-agent")]
    [InlineData("claude-code", "conversation.jsonl", "claude-code")]
    [InlineData("codex", "rollout-2026-04-06T14-00-00-0199a213-81c0-7800-8aa1-bbab2a035a53.jsonl", "codex")]
    [InlineData("events", "sesn_01HqRk7v.jsonl", "events")]
    [InlineData("openai", "chat.json", "openai")]
    [InlineData("openai", "chat.jsonl", "openai")]
    [InlineData("messages", "conversation.json", "messages")]
    public async Task Each_kind_of_file_is_detected_as_its_format(string folder, string file, string format)
    {
        var detected = await TranscriptFormats.DetectAsync(FormatFiles.Fixture(folder, file), CancellationToken.None);

        Assert.Equal(format, detected?.Name);
    }

    [Theory]
    [InlineData("garbage\n")]
    [InlineData("garbage")]
    [InlineData("[1, 2, 3]")]
    [InlineData("null\nnull\n")]
    [InlineData("\"a string\"\n")]
    [InlineData("{}\n[]\n")]
    [InlineData("{\"messages\": 3}")]
    [InlineData("\u0000\u0001\u0002 binary \uFFFD")]
    public async Task A_file_that_is_no_transcript_is_recognized_by_no_format_and_never_throws(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"engram-detect-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, content);
        try
        {
            var sample = await TranscriptFormats.SampleAsync(path, CancellationToken.None);
            Assert.All(TranscriptFormats.All, format => Assert.False(format.Recognizes(sample), format.Name));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("mini-swe-agent", "sympy__sympy-24443.traj.json")]
    [InlineData("swe-agent", "pydicom__pydicom-1458.traj")]
    [InlineData("swe-agent", "marshmallow-code__marshmallow-1867.traj")]
    [InlineData("swe-agent", "function_calling_simple.traj")]
    public async Task Chat_formats_never_claim_an_agent_trajectory(string folder, string file)
    {
        var sample = await TranscriptFormats.SampleAsync(FormatFiles.Fixture(folder, file), CancellationToken.None);

        Assert.False(new OpenAiChatFormat().Recognizes(sample));
        Assert.False(new MessagesFormat().Recognizes(sample));
    }

    [Theory]
    [InlineData("claude-code")]
    [InlineData("codex")]
    [InlineData("codex-legacy")]
    [InlineData("events")]
    [InlineData("events-document")]
    [InlineData("messages")]
    [InlineData("openai")]
    [InlineData("openai-lines")]
    public void Trajectory_formats_never_claim_another_formats_file(string sample)
    {
        Assert.False(new MiniSweAgentFormat().Recognizes(FormatFiles.Samples[sample]));
        Assert.False(new SweAgentFormat().Recognizes(FormatFiles.Samples[sample]));
    }

    [Fact]
    public async Task A_mini_swe_agent_run_whose_record_outgrows_the_head_is_known_by_the_format_tag_at_its_end()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("big.traj.json", WithLongSubmission(_ => { }));

        var sample = await TranscriptFormats.SampleAsync(path, CancellationToken.None);

        Assert.DoesNotContain("\"messages\"", sample.Head, StringComparison.Ordinal);
        Assert.Equal("mini-swe-agent", TranscriptFormats.Detect(sample)?.Name);
    }

    [Fact]
    public async Task A_trajectory_that_names_itself_nowhere_it_can_be_seen_is_not_guessed_to_be_a_chat_log()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("anonymous.json", WithLongSubmission(d => d.Remove("trajectory_format")));

        var detected = await TranscriptFormats.DetectAsync(path, CancellationToken.None);

        Assert.Null(detected);
    }

    /// <summary>The sympy trajectory with a submission of 100 KB, so its <c>info</c> fills the detection head.</summary>
    private static string WithLongSubmission(Action<JsonObject> change)
    {
        var document = JsonNode.Parse(File.ReadAllText(FormatFiles.Fixture("mini-swe-agent", "sympy__sympy-24443.traj.json")))!.AsObject();
        document["info"]!["submission"] = string.Concat(Enumerable.Repeat("+    assert gens == images\n", 4_000));
        change(document);
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
