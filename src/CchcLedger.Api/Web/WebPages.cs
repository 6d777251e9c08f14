using System.Text.Encodings.Web;
using System.Text.Unicode;
using CchcLedger.Api.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.WebEncoders;

namespace CchcLedger.Api.Web;

/// <summary>Marks the endpoints of the web pages, so that refusals and errors on them are pages, not problem documents.</summary>
public sealed class WebPageMetadata
{
    public static readonly WebPageMetadata Instance = new();
}

/// <summary>
/// The web pages in the API's host: Razor Pages under <c>Pages/</c>, static files from <c>wwwroot/</c> (open to
/// anyone, served before authentication), Vietnamese written as is in the HTML, and refusals and errors as
/// Vietnamese pages for every path that is not the JSON API's.
/// </summary>
public static class WebPages
{
    public static IServiceCollection AddLedgerPages(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.AddFolderApplicationModelConvention("/", page => page.EndpointMetadata.Add(WebPageMetadata.Instance));
            o.Conventions.ConfigureFilter(new LedgerPage.BlocksFilter());
        });
        // Razor Pages write "Hữu Lũng" as is instead of entity-encoding every letter with a diacritic.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "cchc_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        return services;
    }

    /// <summary>Paths of the JSON API and of machines (health, OpenAPI): their errors stay problem details.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi");

    public static bool IsPage(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<WebPageMetadata>() is not null;

    /// <summary>Static files, before routing and authentication: the stylesheet is open to anyone.</summary>
    public static void UseLedgerStaticFiles(this WebApplication app)
    {
        // Browsers ask for /favicon.ico whatever the page links: it is the page's SVG icon (wwwroot/favicon.svg), not a 404.
        app.UseRewriter(new RewriteOptions().AddRewrite(@"^favicon\.ico$", "favicon.svg", skipRemainingRules: true));
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        // The independent JavaScript verifier (tools/verifier-js), copied beside the program at build: one source file.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "verifier")),
            RequestPath = "/js/verifier",
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache",
        });
    }

    /// <summary>
    /// For page paths: an error is the Vietnamese error page, never a stack trace or a problem document, and an empty
    /// 4xx/5xx (a refusal of AccessControl, an unknown address) is re-executed as <c>/loi/{status}</c>.
    /// </summary>
    public static void UseLedgerErrorPages(this WebApplication app) =>
        app.UseWhen(http => !IsApiPath(http.Request.Path), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/loi/500", AllowStatusCode404Response = true });
            pages.UseStatusCodePagesWithReExecute("/loi/{0}");
        });

    public static void MapLedgerPages(this WebApplication app) => app.MapRazorPages();
}
