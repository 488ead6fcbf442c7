using Madoguchi.Server.Features.Applications;
using Madoguchi.Server.Features.Procedures;

namespace Madoguchi.Server.Infrastructure;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<SubmitApplicationHandler>();
        builder.Services.AddScoped<ProcedureCatalog>();
        builder.Services.AddScoped<Features.Cases.CaseService>();
        builder.Services.AddScoped<Features.Cases.CorrectionService>();
        builder.Services.AddSingleton<Features.Calendar.TenantCalendars>();
        builder.Services.AddScoped<Features.Calendar.CalendarService>();
        builder.Services.AddScoped<PublishedProcedures>();
    }
}
