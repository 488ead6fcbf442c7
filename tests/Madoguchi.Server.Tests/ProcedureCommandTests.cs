using System.Text.Json;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Server.Tests;

/// <summary>
/// The procedure operator commands: lint (files only), import, export and publish (through ProcedureCatalog).
/// Lint and one round trip run the real executable; the per-provider scenarios run the same code in process.
/// </summary>
public sealed class ProcedureCommandTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private const string Slug = "subsidy-application";

    private static string TemplatePath(string slug) => Path.Combine(TestProcedures.RepoRoot(), "templates", slug + ".json");

    private static string TempFile(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "madoguchi-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    private static async Task<CommandResult> RunAsync(MadoguchiFactory factory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OperatorCommands.RunAsync(factory.Services, args, output, error);
        return new CommandResult(exitCode, output.ToString(), error.ToString());
    }

    private static string Canonical(string json)
    {
        var result = ProcedureDefinitionParser.Parse(json);
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Path} {p.Code}")));
        return ProcedureJson.Serialize(result.Definition!);
    }

    [Fact]
    public async Task Lint_passes_every_template_and_sample_procedure_and_exits_0()
    {
        await using var process = new ServerProcess(new Dictionary<string, string>());
        var files = Directory.GetFiles(Path.Combine(TestProcedures.RepoRoot(), "templates"), "*.json")
            .Concat(Directory.GetFiles(Path.Combine(TestProcedures.RepoRoot(), "samples", "procedures"), "*.json"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var result = await process.RunAsync(["procedure", "lint", .. files]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.All(files, f => Assert.Contains($"{f}: ok", result.Output, StringComparison.Ordinal));
        Assert.Contains($"no problems in {files.Length} file(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_reports_each_problem_with_file_path_code_and_both_languages_and_exits_1()
    {
        var broken = TempFile("broken.json");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(TemplatePath("event-registration")))
            .Replace("\"type\": \"repeat\"", "\"type\": \"rows\"", StringComparison.Ordinal)
            .Replace("\"phoneKind\": \"mobile\"", "\"phoneKind\": \"cell\"", StringComparison.Ordinal));
        var good = TemplatePath("public-comment");
        var missing = TempFile("missing.json");
        await using var process = new ServerProcess(new Dictionary<string, string>());

        var result = await process.RunAsync("procedure", "lint", good, broken, missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{good}: ok", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{broken}: $.pages[1].fields[1].type: unknownFieldType: ", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{broken}: $.pages[0].fields[3].phoneKind: invalidPhoneKind: ", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{missing}: $: fileNotFound: ファイルが見つかりません（現在のフォルダー：", result.Output, StringComparison.Ordinal);
        var line = result.Output.Split('\n').First(l => l.Contains("invalidPhoneKind", StringComparison.Ordinal));
        Assert.Matches("phoneKind「cell」.* / .*phoneKind \"cell\" is unknown", line);
        Assert.Contains("of 3 file(s)", result.Output, StringComparison.Ordinal);

        var usage = await process.RunAsync("procedure", "lint");
        Assert.Equal(2, usage.ExitCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Import_export_round_trip_then_a_new_draft_is_published_as_the_next_version(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var original = await File.ReadAllTextAsync(TemplatePath(Slug));

        var imported = await RunAsync(factory, "procedure", "import", "--tenant", tenant.Slug, TemplatePath(Slug));
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Contains($"procedure created (draft): {Slug}", imported.Output, StringComparison.Ordinal);

        // Export of the draft: indented, readable, and the same definition as the file that went in.
        var exportedFile = TempFile("exported.json");
        var exported = await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug, "--slug", Slug, "-o", exportedFile);
        Assert.True(exported.ExitCode == 0, exported.Error);
        var exportedText = await File.ReadAllTextAsync(exportedFile);
        Assert.StartsWith("{\n  \"format\": 1,", exportedText, StringComparison.Ordinal);
        Assert.Contains("中小企業設備導入補助金", exportedText, StringComparison.Ordinal);
        Assert.Equal(Canonical(original), Canonical(exportedText));

        // Publish v1 with a changelog line; the audit record keeps it.
        var published = await RunAsync(factory, "procedure", "publish", "--tenant", tenant.Slug, "--slug", Slug, "--note", "初版 / first version");
        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Contains($"published: {Slug} v1", published.Output, StringComparison.Ordinal);

        // A changed file becomes the new draft; the published version stays until the next publish.
        var changed = exportedText.Replace("\"processingDays\": 30", "\"processingDays\": 25", StringComparison.Ordinal);
        var changedFile = TempFile(Slug + ".json");
        await File.WriteAllTextAsync(changedFile, changed);
        var updated = await RunAsync(factory, "procedure", "import", "--tenant", tenant.Slug, changedFile);
        Assert.True(updated.ExitCode == 0, updated.Error);
        Assert.Contains($"draft updated: {Slug}", updated.Output, StringComparison.Ordinal);

        var v1 = await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug, "--slug", Slug, "--version", "1");
        Assert.True(v1.ExitCode == 0, v1.Error);
        Assert.Equal(Canonical(original), Canonical(v1.Output));
        var draft = await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug, "--slug", Slug);
        Assert.Equal(Canonical(changed), Canonical(draft.Output));

        var republished = await RunAsync(factory, "procedure", "publish", "--tenant", tenant.Slug, "--slug", Slug);
        Assert.Contains($"published: {Slug} v2", republished.Output, StringComparison.Ordinal);
        var v2 = await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug, "--slug", Slug, "--version", "2");
        Assert.Equal(Canonical(changed), Canonical(v2.Output));
        Assert.Equal(1, (await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug, "--slug", Slug, "--version", "3")).ExitCode);

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = await db.AuditRecords.AsNoTracking().Where(r => r.EntityType == "procedure").OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(["procedure.created", "procedure.published", "procedure.updated", "procedure.published"], audit.Select(r => r.Action));
        Assert.All(audit, r => Assert.Equal(OperatorCommands.Actor, r.Actor));
        using var firstPublish = JsonDocument.Parse(audit[1].Details!);
        Assert.Equal(1, firstPublish.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("初版 / first version", firstPublish.RootElement.GetProperty("note").GetString());
        using var secondPublish = JsonDocument.Parse(audit[3].Details!);
        Assert.False(secondPublish.RootElement.TryGetProperty("note", out _));
        Assert.Equal(2, await db.ProcedureVersions.CountAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Import_of_a_broken_file_saves_nothing_and_unknown_tenants_slugs_and_versions_fail(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var broken = TempFile("broken.json");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(TemplatePath("dog-registration-change")))
            .Replace("\"minSelected\": 1", "\"minSelected\": 9", StringComparison.Ordinal));

        var result = await RunAsync(factory, "procedure", "import", "--tenant", tenant.Slug, broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{broken}: $.pages[2].fields[0].minSelected: outOfRange: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("not imported: 1 problem(s)", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug, "--slug", "dog-registration-change")).ExitCode);

        Assert.Equal(1, (await RunAsync(factory, "procedure", "publish", "--tenant", tenant.Slug, "--slug", "no-such-procedure")).ExitCode);
        var noTenant = await RunAsync(factory, "procedure", "import", "--tenant", "no-such-tenant", TemplatePath("public-comment"));
        Assert.Equal(1, noTenant.ExitCode);
        Assert.Contains("tenant not found", noTenant.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync(factory, "procedure", "import", "--tenant", tenant.Slug, TempFile("missing.json"))).ExitCode);

        Assert.Equal(2, (await RunAsync(factory, "procedure", "import", TemplatePath("public-comment"))).ExitCode);
        Assert.Equal(2, (await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug)).ExitCode);
        Assert.Equal(2, (await RunAsync(factory, "procedure", "export", "--tenant", tenant.Slug, "--slug", "x", "--version", "first")).ExitCode);
        Assert.Equal(2, (await RunAsync(factory, "procedure", "publish", "--slug", "x")).ExitCode);
    }

    [Fact]
    public async Task Import_export_and_publish_work_from_the_real_executable()
    {
        var environment = new Dictionary<string, string>
        {
            ["Madoguchi__DataDirectory"] = Path.Combine(Path.GetTempPath(), "madoguchi-cli-" + Guid.NewGuid().ToString("N")[..8]),
            ["Madoguchi__Database__Provider"] = TestServers.Sqlite,
        };
        await using var process = new ServerProcess(environment);
        await process.RunCommandAsync("tenant", "create", "--slug", "cli", "--name", "コマンド試験市");

        Assert.Contains("procedure created (draft): school-expense-aid", await process.RunCommandAsync("procedure", "import", "--tenant", "cli", TemplatePath("school-expense-aid")), StringComparison.Ordinal);
        Assert.Contains("published: school-expense-aid v1", await process.RunCommandAsync("procedure", "publish", "--tenant", "cli", "--slug", "school-expense-aid", "--note", "初版"), StringComparison.Ordinal);
        var exportedFile = TempFile("school-expense-aid.json");
        await process.RunCommandAsync("procedure", "export", "--tenant", "cli", "--slug", "school-expense-aid", "--version", "1", "-o", exportedFile);

        Assert.Equal(Canonical(await File.ReadAllTextAsync(TemplatePath("school-expense-aid"))), Canonical(await File.ReadAllTextAsync(exportedFile)));
    }
}
