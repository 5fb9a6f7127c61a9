using System.Collections.Concurrent;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;
using Engram.Server;
using Engram.Sessions;
using Engram.Sqlite;
using Engram.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Engram.Web.Tests.EndToEnd;

/// <summary>
/// The real server (as <c>engram serve</c> builds it) on a loopback port over a fresh data directory, seeded with a
/// dream over the bundled example transcripts and two proposals an agent filed by writing outside its area; and
/// Debian's Chromium driven by Playwright. Shared by the browser tests of one class. A subclass may have the server
/// run dreams in the background (<see cref="RunDreams"/>) with its own <see cref="Dreaming"/> options.
/// </summary>
public class UiWorld : IAsyncLifetime
{
    /// <summary>Conventions as a team might keep them; the dream proposes a line for them.</summary>
    public const string Conventions = "---\ntitle: Engineering conventions\n---\n# Conventions\n\n- Run tests with `python -m pytest`.\n- Every migration is reversible.\n";

    /// <summary>Flags the machine's notes give for Chromium in a closed network, as root.</summary>
    private static readonly string[] ChromiumFlags =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private EngramWorld _world = null!;
    private WebApplication _app = null!;
    private IPlaywright _playwright = null!;

    public EngramEngine Engine => _world.Engine;

    public string Url { get; private set; } = "";

    public CreatedApiKey Admin { get; private set; } = null!;

    public Caller AdminCaller { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public MemoryStore Store { get; private set; } = null!;

    public Dream Dream { get; private set; } = null!;

    /// <summary>An agent session's token (deployer), and the proposals its writes filed: one for the team, one under /private/.</summary>
    public string AgentToken { get; private set; } = "";

    public Proposal AgentProposal { get; private set; } = null!;

    public Proposal PrivateProposal { get; private set; } = null!;

    /// <summary>A member who may not read /private/**.</summary>
    public CreatedApiKey Member { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot, "artifacts", "ui-screenshots");

    /// <summary>The server's worker runs dreams (the seed dream too, then); off, the seed runs its dream in the foreground.</summary>
    protected virtual bool RunDreams => false;

    /// <summary>How the engine runs dreams: rules alone unless a subclass gives model sub-agents.</summary>
    protected virtual DreamOptions? Dreaming => null;

    public async Task InitializeAsync()
    {
        _world = await EngramWorld.Create().AsDataDirectory().WithDurability(Durability.Full).WithDreams(Dreaming).StartAsync();
        Admin = _world.AdminKey;
        AdminCaller = await _world.AuthenticateAsync(Admin.Secret);
        _app = EngramServer.Build(Engine, new ServerOptions { Urls = ["http://127.0.0.1:0"], RateLimitPerSecond = 0, RunDreams = RunDreams }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
        });
        await _app.StartAsync();
        Url = _app.Urls.First();
        await SeedAsync();

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH", Path.Combine(_world.Directory, "no-browsers"));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium(), Headless = true, Args = ChromiumFlags });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _world.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) at <paramref name="width"/> px.</summary>
    public Task<IBrowserContext> ContextAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Url, ViewportSize = new ViewportSize { Width = width, Height = height } });

    /// <summary>Signs in through the form with <paramref name="key"/>; the page after it.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string key, string path = "/ui/proposals")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            // Polled: waiting for the navigation event now and then timed out on a busy machine with the page already loaded.
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ui/sign-in"), new() { Timeout = 15_000 });
            await LoadedAsync(page);
        }
        catch (PlaywrightException)
        {
            throw new InvalidOperationException($"sign-in did not go through: {page.Url} {await page.Locator("main").InnerHTMLAsync()}");
        }

        return page;
    }

    /// <summary>Until the page's document has loaded, polled in the page (an event-based wait can miss a load that has just happened).</summary>
    public static Task LoadedAsync(IPage page) => page.WaitForFunctionAsync("() => document.readyState === 'complete'");

    /// <summary>Saves a full-page screenshot as artifacts/ui-screenshots/NAME.png.</summary>
    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>The dream's proposal of a kind, as it is now.</summary>
    public async Task<Proposal> DreamProposalAsync(string kind) =>
        (await Engine.Review.ListAsync(AdminCaller, Store.Id, new ProposalListQuery(null, 100, null, Dream.Id), CancellationToken.None)).Data.Single(p => p.Origin?.Kind == kind);

    /// <summary>The dream once it has finished (completed, failed or canceled), waiting for the server's worker up to 30 s.</summary>
    public async Task<Dream> FinishedAsync(string dreamId)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var dream = await Engine.Dreams.GetAsync(AdminCaller, dreamId, CancellationToken.None);
            if (!dream.IsUnfinished || DateTime.UtcNow > until)
            {
                return dream;
            }

            await Task.Delay(50);
        }
    }

    public async Task<Proposal> ProposalAsync(string id) => (await Engine.Review.GetAsync(AdminCaller, Store.Id, id, CancellationToken.None)).Proposal;

    private async Task SeedAsync()
    {
        var admin = new LocalEngramClient(Engine, AdminCaller);
        Store = await admin.CreateStoreAsync(new CreateStoreRequest("acme-payments", "What the payments team knows"));
        await admin.CreateMemoryAsync(Store.Id, new CreateMemoryRequest("/org/conventions.md", Conventions, "team conventions"));
        await admin.CreateMemoryAsync(Store.Id, new CreateMemoryRequest("/private/salaries.md", "# Salaries\n\nconfidential\n"));

        var sessions = new List<string>();
        foreach (var name in new[] { "deployer", "reviewer", "tester" })
        {
            var folder = Path.Combine(RepositoryRoot, "examples", "transcripts", name);
            sessions.AddRange((await new TranscriptImporter(admin).ImportAsync(folder, new ImportOptions(), null, CancellationToken.None)).SessionIds);
        }

        var created = await admin.CreateDreamAsync(new CreateDreamRequest(Store.Id, new SessionSelection([.. sessions]), new DreamModel("rules")));
        Dream = RunDreams ? await FinishedAsync(created.Id) : await admin.RunDreamAsync(created.Id);

        var registered = await admin.RegisterSessionAsync(new RegisterSessionRequest("deployer", "deploy run", Stores: [new SessionAttachment(Store.Id, AttachmentAccess.ReadWrite, "")]));
        AgentToken = registered.Token;
        var agent = new LocalEngramClient(Engine, await Engine.Access.AuthenticateAsync(AgentToken, CancellationToken.None));
        AgentProposal = await ProposeAsync(() => agent.CreateMemoryAsync(Store.Id, new CreateMemoryRequest("/org/oncall.md", "# On call\n\n- Page the deployer agent first.\n", "the agent thinks it should be paged first")));
        PrivateProposal = await ProposeAsync(() => agent.CreateMemoryAsync(Store.Id, new CreateMemoryRequest("/private/bonus.md", "# Bonus\n\nsecret plans\n", "private notes")));

        var member = await admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "mia"));
        await admin.AddPolicyAsync(new AddPolicyRequest(Store.Id, $"principal:{member.Id}", "/private/**", ["read", "list", "review"], "deny", "members do not see pay"));
        Member = await admin.CreateApiKeyAsync(new CreateApiKeyRequest("mia's key", member.Id));
    }

    private static async Task<Proposal> ProposeAsync(Func<Task<WriteResult<Memory>>> write) =>
        (await write()).Proposal ?? throw new InvalidOperationException("the agent's write was applied; the test expected a proposal");

    /// <summary>Debian's Chromium, or the one $ENGRAM_CHROMIUM names (scripts/test.sh installs it).</summary>
    private static string Chromium()
    {
        var path = Environment.GetEnvironmentVariable("ENGRAM_CHROMIUM") is { Length: > 0 } named ? named : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"Chromium is not at {path}: run scripts/test.sh (it installs Debian's chromium) or set ENGRAM_CHROMIUM");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Engram.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Engram.slnx) was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Everything the server logged, to check that no key ever lands there.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {state} {exception}");
    }
}
