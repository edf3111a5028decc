using K3Competency.Application;
using K3Competency.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplication();
builder.AddWeb();

var app = builder.Build();
app.UseWeb();
app.Run();

// Visible to WebApplicationFactory<Program> in the tests.
public partial class Program;
