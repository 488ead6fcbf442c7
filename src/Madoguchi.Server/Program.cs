using Madoguchi.Server.Features.Academy;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Features.Applicants;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Designer;
using Madoguchi.Server.Features.Documents;
using Madoguchi.Server.Features.Exports;
using Madoguchi.Server.Features.Integration;
using Madoguchi.Server.Features.Notifications;
using Madoguchi.Server.Features.Portal;
using Madoguchi.Server.Features.Webhooks;
using Madoguchi.Server.Features.Seals;
using Madoguchi.Server.Infrastructure;

// "procedure lint" checks files only: no host, no configuration, no database.
if (OperatorCommands.IsOfflineCommand(args))
{
    return OperatorCommands.RunOffline(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// Serve wwwroot and the framework's scripts from a build folder in any environment (a published app has them copied).
builder.WebHost.UseStaticWebAssets();
builder.AddStorage();
builder.AddUiText();
builder.AddAccounts();
builder.AddApplicants();
builder.AddErrorHandling();
builder.AddRateLimits();
builder.AddApplicationServices();
builder.AddPortal();
builder.AddIntegrationApi();
builder.AddBackOffice();
builder.AddDesigner();
builder.AddNotifications();
builder.AddExports();
builder.AddDocuments();
builder.AddWebhooks();
builder.AddSeals();
builder.AddAcademy();

var app = builder.Build();

if (OperatorCommands.IsCommand(args))
{
    return await OperatorCommands.RunAsync(app, args);
}

await app.PrepareDatabaseAsync();

app.UseErrorHandling();
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseUiCulture();
app.UseAccounts();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapHealth();
app.MapPortal();
app.MapApplicants();
app.MapApi();
app.MapExports();
app.MapDocuments();
app.MapWebhooks();
app.MapSeals();
app.MapAcademy();
app.MapApiDocs();
app.MapDesigner();
app.MapBackOffice();

await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
