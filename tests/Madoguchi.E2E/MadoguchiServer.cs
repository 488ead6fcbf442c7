using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Madoguchi.E2E;

/// <summary>
/// One real server process (the built Madoguchi.Server.dll, Production settings, a fresh data folder with the demo
/// tenant seeded) and one headless Debian Chromium for the whole E2E run. Each test opens its own browser context.
/// </summary>
public sealed partial class MadoguchiServer : IAsyncLifetime, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan _startupTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _log = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "madoguchi-e2e-" + Guid.NewGuid().ToString("N"));
    private Process? _process;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's SQLite database, for reading what it would mail (the outbox).</summary>
    public string DatabasePath => Path.Combine(_dataDirectory, "madoguchi.db");

    public string StaffEmail { get; private set; } = "";

    public string StaffPassword { get; private set; } = "";

    /// <summary>The shared password of the demo staff (市民課の係長 and the others the seeding prints).</summary>
    public string DemoStaffPassword { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        await StartServerAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = (float)_startupTimeout.TotalMilliseconds,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        _playwright = null;
        Dispose();
    }

    /// <summary>Stops the server and removes its data; safe to call more than once.</summary>
    public void Dispose()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
            if (Environment.GetEnvironmentVariable("MADOGUCHI_E2E_SERVER_LOG") is { Length: > 0 } logPath)
            {
                File.WriteAllText(logPath, Log);
            }
        }

        try
        {
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open is left to the temp folder's cleaning; it must not fail the run.
        }
    }

    /// <summary>A fresh, isolated browser context (no cookies, no storage) with explicit timeouts.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
        });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Timeout.TotalMilliseconds);
        return context;
    }

    /// <summary>
    /// Runs an operator command (e.g. <c>admin create</c>) against the running server's data, as an operator would, and
    /// returns what it printed. Fails the test when the command fails.
    /// </summary>
    public async Task<string> RunCommandAsync(params string[] args)
    {
        var (root, configuration) = Locate();
        var serverDirectory = Path.Combine(root, "src", "Madoguchi.Server", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = serverDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(serverDirectory, "Madoguchi.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Madoguchi__DataDirectory"] = _dataDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The command did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(_startupTimeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Command {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    private async Task StartServerAsync()
    {
        var (root, configuration) = Locate();
        var serverDirectory = Path.Combine(root, "src", "Madoguchi.Server", "bin", configuration, "net10.0");
        var serverDll = Path.Combine(serverDirectory, "Madoguchi.Server.dll");
        if (!File.Exists(serverDll))
        {
            throw new InvalidOperationException($"The server is not built: {serverDll} is missing. Build tests/Madoguchi.E2E (it references the server) first.");
        }

        Directory.CreateDirectory(_dataDirectory);
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = serverDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        start.Environment["Madoguchi__DataDirectory"] = _dataDirectory;
        start.Environment["Madoguchi__SeedDemo"] = "true";
        start.Environment["Madoguchi__SecureCookies"] = "false";
        // The whole browser run comes from one address; the limiter is tested in Madoguchi.Server.Tests.
        start.Environment["Madoguchi__RateLimits__PortalPostsPerMinute"] = "100000";
        start.Environment["Madoguchi__RateLimits__StatusLookupsPerMinute"] = "100000";
        start.Environment["Madoguchi__RateLimits__SignInsPerMinute"] = "100000";
        start.Environment["Madoguchi__RateLimits__AccountPostsPerMinute"] = "100000";
        // The webhook page test posts to a receiver in the test process (loopback, allowlisted by its literal host).
        start.Environment["Madoguchi__Webhooks__AllowedHosts__0"] = "127.0.0.1";

        var password = new TaskCompletionSource<(string Email, string Password)>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? email = null;
        string? adminPassword = null;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            Append(line);
            // The demo staff's shared password is printed after the admin's: start once both are known.
            if (DemoStaffPasswordLine().Match(line) is { Success: true } shared && email is not null && adminPassword is not null)
            {
                DemoStaffPassword = shared.Groups[1].Value;
                password.TrySetResult((email, adminPassword));
            }
            else if (StaffLoginLine().Match(line) is { Success: true } login)
            {
                email = login.Groups[1].Value;
            }
            else if (PasswordLine().Match(line) is { Success: true } pw && email is not null)
            {
                adminPassword = pw.Groups[1].Value;
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Append(line);
            }
        };
        _process.Exited += (_, _) => password.TrySetException(new InvalidOperationException("The server exited during start-up."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            using var cts = new CancellationTokenSource(_startupTimeout);
            await WaitUntilReadyAsync(cts.Token);
            (StaffEmail, StaffPassword) = await password.Task.WaitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"The server at {BaseUrl} did not become ready with a demo password within {_startupTimeout.TotalSeconds} s. Output:\n{Log}", e);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // One slow probe during migrations; try again.
            }

            await Task.Delay(200, ct);
        }
    }

    private void Append(string line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>The repository root and the configuration this assembly was built in (bin/&lt;Configuration&gt;/net10.0).</summary>
    private static (string Root, string Configuration) Locate()
    {
        var binFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = binFolder.Parent?.Name ?? "Debug";
        for (var dir = binFolder; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Madoguchi.slnx")))
            {
                return (dir.FullName, configuration);
            }
        }

        throw new InvalidOperationException($"No Madoguchi.slnx above {binFolder.FullName}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Staff login:\s*(\S+@\S+)")]
    private static partial Regex StaffLoginLine();

    [GeneratedRegex(@"Password:\s*(\S+)")]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"Demo staff password \(shared\):\s*(\S+)")]
    private static partial Regex DemoStaffPasswordLine();
}

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<MadoguchiServer>
{
    public const string Name = "Madoguchi server and browser";
}
