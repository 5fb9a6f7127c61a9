using CsCheck;
using Engram.Search;

namespace Engram.Tests.Search;

public sealed class MarkdownChunkerTests
{
    [Fact]
    public void Short_sections_are_packed_together_under_the_first_heading()
    {
        var chunks = MarkdownChunker.Chunk("Deploys", "Intro line.\n\n## Canary\n\nShip to 5%.\n\n## Promote\n\nShip to all.\n");
        var (heading, text) = Assert.Single(chunks);
        Assert.Equal("", heading);
        Assert.StartsWith("Deploys\nIntro line.", text, StringComparison.Ordinal);
        Assert.Contains("## Promote\nShip to all.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_sections_start_their_own_chunks_named_by_their_heading()
    {
        var longText = string.Concat(Enumerable.Repeat("Rollback needs the previous build tag. ", 40));
        var chunks = MarkdownChunker.Chunk("Runbook", $"## Deploy\n\nShort.\n\n## Rollback\n\n{longText}\n");
        Assert.Equal("Deploy", chunks[0].Heading);
        Assert.Contains(chunks, c => c.Heading == "Rollback");
        Assert.All(chunks, c => Assert.StartsWith("Runbook\n", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_chunk_fits_the_model_and_no_text_is_lost_below_the_chunk_cap() =>
        Gen.Int[0, 30].SelectMany(sections => Gen.Int[0, 1_500].Array[sections]).Sample(lengths =>
        {
            var body = string.Concat(lengths.Select((length, i) => $"## Section {i}\n\n{new string((char)('a' + i % 26), length)}\n\n"));
            var chunks = MarkdownChunker.Chunk(null, body);
            Assert.InRange(chunks.Count, string.IsNullOrWhiteSpace(body) ? 0 : 1, string.IsNullOrWhiteSpace(body) ? 0 : MarkdownChunker.MaxChunks);
            Assert.All(chunks, c => Assert.True(c.Text.Length <= MarkdownChunker.MaxChunkCharacters + 1, $"{c.Text.Length} characters"));
            if (chunks.Count < MarkdownChunker.MaxChunks)
            {
                var kept = string.Concat(chunks.Select(c => c.Text)).Count(char.IsLetter);
                Assert.Equal(body.Count(char.IsLetter), kept);
            }
        }, iter: 300);

    [Fact]
    public void A_memory_is_embedded_as_its_title_and_text_without_its_path_or_front_matter()
    {
        var document = SearchDocument.Of("/teams/payments/runbooks/deploy.md", "", "---\ntitle: Deploying payments\ntags: [deploy]\n---\nShip behind the flag.\n");
        var (_, text) = Assert.Single(MarkdownChunker.Chunk(document));
        Assert.Equal("Deploying payments\nShip behind the flag.", text);
    }

    [Fact]
    public void Without_a_title_the_first_heading_leads_every_chunk_and_is_not_repeated_where_the_body_opens_with_it()
    {
        var longText = string.Concat(Enumerable.Repeat("Rollback needs the previous build tag. ", 40));
        var document = SearchDocument.Of("/runbooks/rollback.md", "", $"# Rolling back\n\nFirst, stop the deploy.\n\n## Steps\n\n{longText}\n");
        var chunks = MarkdownChunker.Chunk(document);
        Assert.True(chunks.Count >= 2);
        Assert.StartsWith("# Rolling back\nFirst, stop the deploy.", chunks[0].Text, StringComparison.Ordinal);
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("Rolling back\n", c.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("/runbooks", StringComparison.Ordinal));
    }

    [Fact]
    public void A_short_memory_without_title_or_heading_is_embedded_as_what_it_says()
    {
        var document = SearchDocument.Of("/conv-1/session-3/D3:5.md", "", "---\nspeaker: \"Caroline\"\n---\nCaroline: I went to a support group yesterday.\n");
        var (_, text) = Assert.Single(MarkdownChunker.Chunk(document));
        Assert.Equal("Caroline: I went to a support group yesterday.", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n")]
    [InlineData("---\ntags: [daily]\n---\n")]
    public void A_memory_without_text_or_title_has_no_chunk_and_so_no_vector_to_match_every_query(string content)
    {
        Assert.Empty(MarkdownChunker.Chunk(SearchDocument.Of("/daily/2026-12-01.md", "sha", content)));
        Assert.Equal([("", "Standup")], MarkdownChunker.Chunk(SearchDocument.Of("/daily/2026-12-01.md", "sha", "---\ntitle: Standup\n---\n")));
    }
}
