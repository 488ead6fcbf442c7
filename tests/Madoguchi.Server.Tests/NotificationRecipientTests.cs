using System.Net;
using System.Text.Json.Nodes;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Notifications;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Applicant notifications go to the owning account's verified address first, else to the answered address.</summary>
public sealed class NotificationRecipientTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task The_owning_accounts_verified_address_wins_over_the_answer(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant); // applicantEmailField: email → taro@example.jp
        using var created = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();

        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var recipients = scope.ServiceProvider.GetRequiredService<NotificationRecipients>();
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionCache>();

        async Task<string?> AddressAsync()
        {
            var application = await db.Applications.AsNoTracking().Include(a => a.ProcedureVersion).SingleAsync(a => a.Id == id);
            return await recipients.ApplicantEmailAsync(db, definitions.Get(application.ProcedureVersion!), application, CancellationToken.None);
        }

        Assert.Equal("taro@example.jp", await AddressAsync()); // a guest: the answer

        var account = new ApplicantAccount
        {
            Id = Guid.CreateVersion7(),
            Email = "owner@example.jp",
            NormalizedEmail = "OWNER@EXAMPLE.JP",
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = DateTime.UtcNow,
        };
        db.ApplicantAccounts.Add(account);
        await db.SaveChangesAsync();
        await db.Applications.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ApplicantAccountId, account.Id));
        Assert.Equal("taro@example.jp", await AddressAsync()); // not verified yet: the answer still

        await db.ApplicantAccounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.EmailVerifiedAt, DateTime.UtcNow));
        Assert.Equal("owner@example.jp", await AddressAsync());
    }
}
