using CsCheck;
using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Signals;

public sealed class ErrorTemplatesTests
{
    [Fact]
    public void The_same_failure_with_different_variable_parts_has_one_template()
    {
        var first = ErrorTemplates.Mine("Exit code 1\nerror: file /home/ann/repo/src/app.py:12:5 not readable at 2024-03-01T10:00:00Z (commit 3fa9c2e1b7, run 550e8400-e29b-41d4-a716-446655440000, 'config.yaml', toolu_01AbCdEf23GhIj)");
        var second = ErrorTemplates.Mine("Exit code 2\nerror: file C:\\work\\other\\lib.py:80:1 not readable at 2025-11-30T23:59:59Z (commit 9bd01c44e2, run 123e4567-e89b-12d3-a456-426614174000, 'settings.yaml', toolu_09ZyXw87VuTs)");

        Assert.Equal("error: file <path>:<loc> not readable at <time> (commit <hex>, run <uuid>, '<quoted>', <id>)", first.Text);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_failures_have_different_templates()
    {
        var notFound = ErrorTemplates.Mine("/bin/bash: line 1: pytest: command not found");
        var denied = ErrorTemplates.Mine("/bin/bash: line 1: ./run.sh: Permission denied");

        Assert.Equal("<path>: line <num>: pytest: command not found", notFound.Text);
        Assert.Equal("<path>: line <num>: <path>: Permission denied", denied.Text);
        Assert.NotEqual(notFound.Id, denied.Id);
    }

    [Fact]
    public void A_python_traceback_is_its_final_exception_line_masked()
    {
        const string traceback = """
            Traceback (most recent call last):
              File "/srv/app/main.py", line 42, in <module>
                import requests
            ModuleNotFoundError: No module named 'requests'
            """;

        Assert.Equal("ModuleNotFoundError: No module named '<quoted>'", ErrorTemplates.Mine(traceback).Text);
    }

    [Fact]
    public void Compiler_output_gives_its_first_error_line()
    {
        const string build = """
            Determining projects to restore...
            /src/App/Program.cs(12,5): error CS0103: The name 'foo' does not exist in the current context
            /src/App/Program.cs(20,1): error CS1002: ; expected
            """;

        Assert.Equal("<path>(<loc>): error CS0103: The name '<quoted>' does not exist in the current context", ErrorTemplates.Mine(build).Text);
    }

    [Fact]
    public void A_short_heading_takes_the_next_line_with_it()
    {
        Assert.Equal("Error: could not build '<quoted>'", ErrorTemplates.Mine("Error:\n\n  could not build 'left-pad'\n  at require").Text);
    }

    [Fact]
    public void The_line_a_failure_rule_names_is_chosen_over_a_prefix_line()
    {
        Assert.Equal("Cannot find module '<quoted>'", ErrorTemplates.Mine("Error:\n\n  Cannot find module 'left-pad'\n  at require").Text);
        Assert.Equal("<path>: No module named pytest", ErrorTemplates.Mine("Running tests...\n/usr/bin/python3: No module named pytest").Text);
    }

    [Fact]
    public void Templates_are_cut_at_a_word_to_the_cap()
    {
        var template = ErrorTemplates.Mine("error: " + string.Concat(Enumerable.Repeat("overflowing ", 40)));

        Assert.Equal(198, template.Text.Length); // the last space at or before 200
        Assert.EndsWith(" overflowing", template.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_text_has_the_empty_template()
    {
        Assert.Equal(ErrorTemplates.EmptyText, ErrorTemplates.Mine("\n\n   \n").Text);
    }

    [Fact]
    public void Secrets_never_reach_a_template()
    {
        var template = ErrorTemplates.Mine("error: auth failed for ghp_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4U");

        Assert.Equal("error: auth failed for [REDACTED:github-token]", template.Text);
    }

    [Fact]
    public void The_id_is_fixed_by_the_text_so_a_change_of_algorithm_is_noticed()
    {
        var template = ErrorTemplates.Mine("/bin/bash: line 1: pytest: command not found");

        Assert.Equal(ErrorTemplates.IdHexChars, template.Id.Length);
        Assert.Equal("54c90411f7b19768", template.Id); // sha256("<path>: line <num>: pytest: command not found")[..16]
    }

    [Fact]
    public void Mining_a_template_text_gives_the_same_template()
    {
        Gen.String[Gen.Char["abcxyz019 /._:'\"-\n"], 0, 120]
            .Sample(text =>
            {
                var template = ErrorTemplates.Mine(text);
                Assert.Equal(template, ErrorTemplates.Mine(template.Text));
            }, iter: 5_000);
    }

    [Fact]
    public void Different_numbers_in_a_message_never_change_its_template()
    {
        string[] vocabulary = ["error", "failed", "at", "port", "retry", "connection", "refused", "line", "item", "bytes"];
        var words = Gen.Int[0, vocabulary.Length - 1].Select(i => vocabulary[i]);
        Gen.Select(words.Array[1, 8], words.Array[0, 8], Gen.ULong, Gen.ULong, Gen.Double[0, 1e6])
            .Sample((before, after, a, b, d) =>
            {
                var one = ErrorTemplates.Mine($"{string.Join(' ', before)} {a} {string.Join(' ', after)}");
                var other = ErrorTemplates.Mine($"{string.Join(' ', before)} {b} {string.Join(' ', after)}");
                var fraction = ErrorTemplates.Mine($"{string.Join(' ', before)} {d.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} {string.Join(' ', after)}");
                Assert.Equal(one.Id, other.Id);
                Assert.Equal(one.Id, fraction.Id);
            });
    }
}
