using System.Globalization;
using System.Text;
using System.Text.Json;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Admin;

/// <summary>
/// Operator commands run by the same executable:
///   migrate · tenant create --slug S --name N [--name-en E] · admin create --email E [--tenant S] [--password P] [--role staff] [--name N] [--department D] [--roles "R1 R2"]
///   apikey create --name N [--tenant S] [--scopes "webhooks …"|--scopes ""]
///   procedure lint FILE… · procedure import --tenant S FILE · procedure export --tenant S --slug P [--version N] [-o FILE]
///   procedure publish --tenant S --slug P [--note "…"]
///   notifications remind [--tenant S] [--date YYYY-MM-DD] · notifications send
///   academy seed|dashboard … (see AcademyCommands)
/// Exit codes: 0 done, 1 failed (or problems found), 2 wrong usage.
/// </summary>
public static class OperatorCommands
{
    /// <summary>What the commands write into audit records as the actor.</summary>
    public const string Actor = "operator";

    /// <summary>Options that take a value, so that the value is not mistaken for a file name.</summary>
    private static readonly string[] ValueOptions = ["--tenant", "--department", "--slug", "--version", "-o", "--output", "--note", "--name", "--name-en", "--email", "--password", "--role", "--roles", "--date"];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && args[0] is "migrate" or "academy" or "tenant" or "admin" or "apikey" or "procedure" or "postal" or "notifications" or "help" or "--help";

    /// <summary>Commands that need no host and no database (run before the host is built).</summary>
    public static bool IsOfflineCommand(string[] args) => args is ["procedure", "lint", ..];

    /// <summary>Runs an offline command (see <see cref="IsOfflineCommand"/>).</summary>
    public static int RunOffline(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args is ["procedure", "lint", .. var files]
            ? Lint(files, output, error)
            : Usage(error, "procedure lint <file…>");
    }

    public static Task<int> RunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        return RunAsync(app.Services, args, Console.Out, Console.Error);
    }

    /// <summary>Runs a command against the host's services, writing results to <paramref name="output"/> and failures to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MadoguchiOptions>>().Value;
        string? Opt(params string[] names)
        {
            foreach (var name in names)
            {
                var i = Array.IndexOf(args, name);
                if (i >= 0 && i + 1 < args.Length)
                {
                    return args[i + 1];
                }
            }

            return null;
        }

        try
        {
            switch (args)
            {
                case ["postal", "import", var file]:
                {
                    if (!File.Exists(file))
                    {
                        return Fail(error, $"ファイルがありません: {Path.GetFullPath(file)} / file not found: {Path.GetFullPath(file)}");
                    }

                    var postal = services.GetRequiredService<PostalDirectory>();
                    var (result, placed) = postal.Import(file);
                    if (placed is null)
                    {
                        foreach (var problem in result.Problems)
                        {
                            error.WriteLine($"{file}:{problem.LineNumber}: {problem.Code}: {problem.Message.Ja} / {problem.Message.En}");
                        }

                        return Fail(error, "郵便番号データに問題があるため取り込みませんでした（以前のデータのままです） / the postal data has problems and was not imported (the previous data stays)");
                    }

                    output.WriteLine($"郵便番号 {result.Index!.CodeCount:N0} 件・住所 {result.Index.AddressCount:N0} 件を取り込みました / imported {result.Index.CodeCount:N0} postal codes, {result.Index.AddressCount:N0} addresses → {placed}");
                    return 0;
                }

                case ["migrate", ..]:
                    await DatabaseSetup.MigrateAsync(services);
                    output.WriteLine("マイグレーション完了 / migrations applied");
                    return 0;
                case ["tenant", "create", ..]:
                {
                    var slug = Opt("--slug");
                    var name = Opt("--name");
                    if (slug is null || name is null)
                    {
                        return Usage(error, "tenant create --slug <slug> --name <名称> [--name-en <name>]");
                    }

                    await DatabaseSetup.MigrateAsync(services);
                    var tenant = await DatabaseSetup.EnsureTenantAsync(services, slug, name, Opt("--name-en"));
                    output.WriteLine($"tenant {tenant.Slug} {tenant.Id}");
                    return 0;
                }

                case ["admin", "create", ..]:
                {
                    var email = Opt("--email");
                    if (email is null)
                    {
                        return Usage(error, "admin create --email <email> [--tenant <slug>] [--password <password>] [--role admin|staff] [--name <表示名>] [--department <code>] [--roles \"<code> <code>\"]");
                    }

                    var role = Opt("--role") ?? Roles.Admin;
                    if (!Roles.All.Contains(role))
                    {
                        return Usage(error, "--role は admin または staff / --role must be admin or staff");
                    }

                    await DatabaseSetup.MigrateAsync(services);
                    var tenant = await FindTenantAsync(services, Opt("--tenant") ?? options.DefaultTenant);
                    if (tenant is null)
                    {
                        return Fail(error, "団体が見つかりません (先に tenant create) / tenant not found (run tenant create first)");
                    }

                    var password = Opt("--password") ?? "mdg-" + Secrets.NewAccessCode().ToLowerInvariant();
                    using var scope = services.CreateScope();
                    var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Value, email, Opt("--name") ?? email, password, role, Opt("--department"), Opt("--roles"));
                    if (!ok)
                    {
                        return Fail(error, string.Join("; ", errors));
                    }

                    output.WriteLine($"user {email} ({role})");
                    if (Opt("--password") is null)
                    {
                        output.WriteLine($"password {password}");
                    }

                    return 0;
                }

                case ["notifications", "remind", ..]:
                {
                    Guid? only = null;
                    if (Opt("--tenant") is { } slug)
                    {
                        only = await FindTenantAsync(services, slug);
                        if (only is null)
                        {
                            return Fail(error, "団体が見つかりません / tenant not found");
                        }
                    }

                    var date = Madoguchi.Core.Cases.CaseClock.JapanDate(DateTime.UtcNow);
                    if (Opt("--date") is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                    {
                        return Usage(error, "notifications remind [--tenant <slug>] [--date YYYY-MM-DD]");
                    }

                    var added = await services.GetRequiredService<Notifications.StaffReminders>().RunAsync(date, only, CancellationToken.None);
                    output.WriteLine($"{date:yyyy-MM-dd} のお知らせ {added} 件を作成しました（送信は次の送信処理で行います） / made {added} reminders for {date:yyyy-MM-dd} (sent by the next sender pass)");
                    return 0;
                }

                case ["academy", ..]:
                    return await Academy.AcademyCommands.RunAsync(services, args, Opt("--tenant") is { } academyTenant ? await FindTenantAsync(services, academyTenant) : await FindTenantAsync(services, options.DefaultTenant), output, error);

                case ["notifications", "send", ..]:
                {
                    await services.GetRequiredService<Notifications.OutboxDispatcher>().DispatchAsync(CancellationToken.None);
                    var attempts = await services.GetRequiredService<Notifications.NotificationSender>().SendDueAsync(CancellationToken.None);
                    output.WriteLine($"送信を {attempts} 件試みました / attempted {attempts} deliveries");
                    return 0;
                }

                case ["apikey", "create", ..]:
                {
                    var name = Opt("--name");
                    if (name is null)
                    {
                        return Usage(error, "apikey create --name <name> [--tenant <slug>] [--scopes <space-separated scopes>]");
                    }

                    await DatabaseSetup.MigrateAsync(services);
                    var tenant = await FindTenantAsync(services, Opt("--tenant") ?? options.DefaultTenant);
                    if (tenant is null)
                    {
                        return Fail(error, "団体が見つかりません / tenant not found");
                    }

                    using var scope = services.CreateScope();
                    scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Value);
                    var (key, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(tenant.Value, name, CancellationToken.None,
                        Opt("--scopes") is { } scopes ? scopes.Split(' ', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null);
                    output.WriteLine($"apikey {key.Id}");
                    output.WriteLine(secret);
                    return 0;
                }

                case ["procedure", "lint", .. var files]:
                    return Lint(files, output, error);

                case ["procedure", "import", ..]:
                {
                    var tenantSlug = Opt("--tenant");
                    var files = Positionals(args, 2);
                    if (tenantSlug is null || files.Count != 1)
                    {
                        return Usage(error, "procedure import --tenant <slug> <file.json | XLSForm.xlsx | XForm.xml> [--department <担当部署>] [--slug <slug>]");
                    }

                    var file = files[0];
                    if (!File.Exists(file))
                    {
                        return Fail(error, $"ファイルが見つかりません / file not found: {Path.GetFullPath(file)}");
                    }

                    string json;
                    if (file.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    {
                        // An ODK form (XLSForm or XForm): translated first; everything not carried over is listed.
                        await using var stream = File.OpenRead(file);
                        var importOptions = new Madoguchi.Core.Import.ImportOptions(Opt("--department") ?? "未設定", Opt("--slug")) { DepartmentEn = Opt("--department") is null ? "Not set" : null };
                        var odk = file.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                            ? Madoguchi.Core.Import.XlsFormImporter.Import(stream, importOptions)
                            : Madoguchi.Core.Import.XFormImporter.Import(stream, importOptions);
                        foreach (var issue in odk.Issues)
                        {
                            (issue.Severity == Madoguchi.Core.Import.ImportSeverity.Error ? error : output).WriteLine($"{file}: {issue}");
                        }

                        if (odk.Definition is null)
                        {
                            return Fail(error, "フォームを読み取れませんでした / the form could not be read");
                        }

                        json = ProcedureJson.Serialize(odk.Definition);
                    }
                    else
                    {
                        json = await File.ReadAllTextAsync(file);
                    }

                    return await WithCatalogAsync(services, tenantSlug, error, async catalog =>
                    {
                        var result = await catalog.ImportAsync(json, Actor, null, CancellationToken.None);
                        if (result.Procedure is null)
                        {
                            WriteProblems(error, file, result.Problems);
                            return Fail(error, $"{result.Problems.Count} 件の問題があるため取り込みませんでした / not imported: {result.Problems.Count} problem(s)");
                        }

                        var slug = result.Procedure.Slug;
                        output.WriteLine(result.Created
                            ? $"手続を作成しました（下書き） / procedure created (draft): {slug}"
                            : $"下書きを更新しました / draft updated: {slug}");
                        output.WriteLine($"公開するには / to publish: procedure publish --tenant {tenantSlug} --slug {slug}");
                        return 0;
                    });
                }

                case ["procedure", "export", ..]:
                {
                    var tenantSlug = Opt("--tenant");
                    var slug = Opt("--slug");
                    var versionText = Opt("--version");
                    int? version = null;
                    if (versionText is not null)
                    {
                        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                        {
                            return Usage(error, "--version は1以上の版番号 / --version must be a version number from 1");
                        }

                        version = number;
                    }

                    if (tenantSlug is null || slug is null)
                    {
                        return Usage(error, "procedure export --tenant <slug> --slug <procedure> [--version <N>] [-o <file>]");
                    }

                    var target = Opt("-o", "--output");
                    return await WithCatalogAsync(services, tenantSlug, error, async catalog =>
                    {
                        var stored = await catalog.ExportAsync(slug, version, CancellationToken.None);
                        if (stored is null)
                        {
                            return Fail(error, version is null
                                ? $"手続が見つかりません / procedure not found: {slug}"
                                : $"手続または版が見つかりません / procedure or version not found: {slug} v{version}");
                        }

                        var definition = JsonSerializer.Deserialize<ProcedureDefinition>(stored, ProcedureJson.Options)
                            ?? throw new InvalidOperationException("The stored definition is empty.");
                        var text = ProcedureJson.SerializeIndented(definition);
                        if (target is null)
                        {
                            output.Write(text);
                        }
                        else
                        {
                            await File.WriteAllTextAsync(target, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                            output.WriteLine($"書き出しました / exported: {slug}{(version is null ? " (下書き / draft)" : $" v{version}")} → {target}");
                        }

                        return 0;
                    });
                }

                case ["procedure", "publish", ..]:
                {
                    var tenantSlug = Opt("--tenant");
                    var slug = Opt("--slug");
                    if (tenantSlug is null || slug is null)
                    {
                        return Usage(error, "procedure publish --tenant <slug> --slug <procedure> [--note \"変更内容 / changelog line\"]");
                    }

                    return await WithCatalogAsync(services, tenantSlug, error, async catalog =>
                    {
                        var (version, problems) = await catalog.PublishAsync(slug, Actor, Opt("--note"), CancellationToken.None);
                        if (version is null && problems.Count > 0)
                        {
                            WriteProblems(error, slug, problems);
                            return Fail(error, $"下書きに {problems.Count} 件の問題があるため公開しませんでした / not published: the draft has {problems.Count} problem(s)");
                        }

                        if (version is null)
                        {
                            return Fail(error, $"手続が見つかりません (先に procedure import) / procedure not found (run procedure import first): {slug}");
                        }

                        output.WriteLine($"公開しました / published: {slug} v{version.Number}");
                        return 0;
                    });
                }

                default:
                    return Usage(error, "migrate | tenant create | admin create | apikey create | procedure lint | procedure import | procedure export | procedure publish | postal import <KEN_ALL.CSV|utf_ken_all.csv>");
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or IOException or UnauthorizedAccessException or JsonException)
        {
            return Fail(error, ex.Message);
        }
    }

    /// <summary>
    /// Checks definition files with the importer's parser, without a database: every problem as
    /// "file: path: code: 日本語 / English". 1 when any file has a problem (or is missing), else 0.
    /// </summary>
    public static int Lint(IReadOnlyList<string> files, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (files.Count == 0)
        {
            return Usage(error, "procedure lint <file…>");
        }

        var problems = 0;
        var failedFiles = 0;
        foreach (var file in files)
        {
            IReadOnlyList<DefinitionProblem> found;
            try
            {
                found = File.Exists(file)
                    ? ProcedureDefinitionParser.Parse(File.ReadAllText(file)).Problems
                    : [new DefinitionProblem("$", "fileNotFound", new LocalizedText(
                        $"ファイルが見つかりません（現在のフォルダー：{Environment.CurrentDirectory}）。",
                        $"File not found (current folder: {Environment.CurrentDirectory})."))];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                found = [new DefinitionProblem("$", "unreadableFile", new LocalizedText($"ファイルを読めません：{ex.Message}", $"The file cannot be read: {ex.Message}"))];
            }

            if (found.Count == 0)
            {
                output.WriteLine($"{file}: ok");
                continue;
            }

            WriteProblems(output, file, found);
            problems += found.Count;
            failedFiles++;
        }

        output.WriteLine(problems == 0
            ? $"問題はありません（{files.Count} ファイル） / no problems in {files.Count} file(s)"
            : $"{problems} 件の問題（{files.Count} ファイル中 {failedFiles} ファイル） / {problems} problem(s) in {failedFiles} of {files.Count} file(s)");
        return problems == 0 ? 0 : 1;
    }

    private static void WriteProblems(TextWriter writer, string file, IEnumerable<DefinitionProblem> problems)
    {
        foreach (var p in problems)
        {
            writer.WriteLine($"{file}: {p.Path}: {p.Code}: {p.Message.Ja} / {p.Message.En ?? p.Message.Ja}");
        }
    }

    /// <summary>Runs <paramref name="action"/> with the catalog of the tenant <paramref name="tenantSlug"/> (migrating first, like every command).</summary>
    private static async Task<int> WithCatalogAsync(IServiceProvider services, string tenantSlug, TextWriter error, Func<ProcedureCatalog, Task<int>> action)
    {
        await DatabaseSetup.MigrateAsync(services);
        var tenant = await FindTenantAsync(services, tenantSlug);
        if (tenant is null)
        {
            return Fail(error, $"団体が見つかりません (先に tenant create) / tenant not found (run tenant create first): {tenantSlug}");
        }

        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Value);
        return await action(scope.ServiceProvider.GetRequiredService<ProcedureCatalog>());
    }

    /// <summary>Arguments after the command words that are neither options nor option values.</summary>
    private static List<string> Positionals(string[] args, int start)
    {
        var positionals = new List<string>();
        for (var i = start; i < args.Length; i++)
        {
            if (ValueOptions.Contains(args[i], StringComparer.Ordinal))
            {
                i++;
            }
            else
            {
                positionals.Add(args[i]);
            }
        }

        return positionals;
    }

    private static async Task<Guid?> FindTenantAsync(IServiceProvider services, string slug)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants
            .Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).SingleOrDefaultAsync();
    }

    private static int Usage(TextWriter error, string text)
    {
        error.WriteLine("使い方 / usage: Madoguchi.Server " + text);
        return 2;
    }

    private static int Fail(TextWriter error, string text)
    {
        error.WriteLine("エラー / error: " + text);
        return 1;
    }
}
