using Engram.Dreaming.Model;
using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Signals;

/// <summary>A tool's input stored before the importer replaced lone surrogate escapes is read by a dream without throwing.</summary>
public sealed class StoredInputTests
{
    private const string CutInsideAnEmoji = """{"command":"echo \ud83d done","description":"say \udc00"}""";

    [Fact]
    public void A_shell_call_whose_input_escapes_half_a_surrogate_pair_is_read_with_a_replacement_character()
    {
        var call = ToolCall.Read("Bash", CutInsideAnEmoji);

        Assert.Equal("echo \ufffd done", call.Command);
        Assert.Equal("say \ufffd", call.Strings["description"]);
    }

    [Fact]
    public void Such_an_input_is_shown_to_a_model_as_json_with_the_replacement_character()
    {
        var compact = DataText.CompactJson(CutInsideAnEmoji);

        Assert.NotNull(compact);
        Assert.Contains("echo \ufffd done", compact, StringComparison.Ordinal);
    }
}
