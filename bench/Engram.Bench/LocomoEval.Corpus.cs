using System.Text.Json;

namespace Engram.Bench;

internal static partial class LocomoEval
{
    /// <summary>One dialog turn: its id (<c>D3:5</c>), session, the session's date as LoCoMo writes it, who spoke, and what was said.</summary>
    internal sealed record Turn(string DiaId, int Session, string Date, string Speaker, string Text, string? ImageCaption)
    {
        /// <summary>The path the turn is stored at, in its conversation's own store.</summary>
        public string Path(string conversation) => $"/{conversation}/session-{Session}/{DiaId}.md";

        /// <summary>
        /// What the memory's body says: who said what, and the picture they shared, as a person keeping the
        /// conversation would write it down. This is also the text the plain BM25 baseline indexes.
        /// </summary>
        public string Body => ImageCaption is null ? $"{Speaker}: {Text}\n" : $"{Speaker}: {Text}\n\n[{Speaker} shared an image: {ImageCaption}]\n";

        /// <summary>The memory as written: when it was said and by whom in front matter (not searched as words), then the body.</summary>
        public string Content => $"---\nspeaker: {Quoted(Speaker)}\ndate: {Quoted(Date)}\nsession: {Session}\n---\n{Body}";

        private static string Quoted(string value) => JsonSerializer.Serialize(value); // a JSON string is a valid YAML double-quoted scalar
    }

    /// <summary>One question: its category (1 to 5), the turns whose text answers it, and the question.</summary>
    internal sealed record Question(int Category, IReadOnlyList<string> Evidence, string Text);

    internal sealed record Conversation(string Id, IReadOnlyList<Turn> Turns, IReadOnlyList<Question> Questions);

    /// <summary>
    /// Reads LoCoMo's JSON (a list of samples, each with <c>conversation.session_N</c> lists of turns and
    /// <c>session_N_date_time</c>, and <c>qa</c> items). An evidence entry holding several ids separated by
    /// ';' counts as those ids; ids naming no turn are kept (they count as misses for every mode alike).
    /// </summary>
    internal static List<Conversation> Load(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        var conversations = new List<Conversation>();
        foreach (var sample in json.RootElement.EnumerateArray())
        {
            var id = sample.GetProperty("sample_id").GetString()!;
            var dialog = sample.GetProperty("conversation");
            var turns = new List<Turn>();
            for (var session = 1; dialog.TryGetProperty($"session_{session}", out var list); session++)
            {
                var date = dialog.TryGetProperty($"session_{session}_date_time", out var when) ? when.GetString() ?? "" : "";
                foreach (var turn in list.EnumerateArray())
                {
                    var caption = turn.TryGetProperty("blip_caption", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    turns.Add(new Turn(
                        turn.GetProperty("dia_id").GetString()!, session, date, turn.GetProperty("speaker").GetString()!,
                        turn.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "", string.IsNullOrWhiteSpace(caption) ? null : caption));
                }
            }

            var questions = new List<Question>();
            foreach (var qa in sample.GetProperty("qa").EnumerateArray())
            {
                var evidence = qa.TryGetProperty("evidence", out var e)
                    ? e.EnumerateArray().SelectMany(x => (x.GetString() ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList()
                    : [];
                questions.Add(new Question(qa.GetProperty("category").GetInt32(), evidence, qa.GetProperty("question").GetString()!));
            }

            conversations.Add(new Conversation(id, turns, questions));
        }

        return conversations;
    }
}
