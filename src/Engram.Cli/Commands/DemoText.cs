namespace Engram.Cli.Commands;

/// <summary>The memories the demo writes: short, but what a real team would keep.</summary>
internal static class DemoText
{
    public const string Conventions = """
        ---
        title: Engineering conventions
        description: How the payments team writes, tests and ships code.
        ---
        # Conventions

        - Run tests with `python -m pytest`; `pytest` is not on PATH in the CI image.
        - Every migration is reversible and reviewed by a second engineer.
        - Never log card numbers or tokens, even in debug builds.

        """;

    public const string RunbookV1 = """
        # Payments deploy runbook

        1. Check the build is green on main.
        2. Announce the deploy in #payments-deploys.
        3. Run `make deploy ENV=prod` and watch https://grafana.example/d/payments-old.

        """;

    public const string RunbookV2 = """
        # Payments deploy runbook

        1. Check the build is green on main.
        2. Announce the deploy in #payments-deploys.
        3. Run `make deploy ENV=prod` and watch https://grafana.example/d/payments-old.
        4. If the error rate doubles within 10 minutes, run `make rollback ENV=prod`.

        """;

    public const string ReviewerNotes = """
        # Reviewer notes

        - The payments service retries card captures three times; check idempotency keys in reviews.

        """;

    /// <summary>The reviewer's edit, applied to whatever the runbook says now.</summary>
    public static string RunbookReviewerEdit(string current) =>
        current.Replace("https://grafana.example/d/payments-old", "https://grafana.example/d/payments-v2", StringComparison.Ordinal);
}
