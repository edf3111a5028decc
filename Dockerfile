# Multi-stage build of the web app. Settings match appsettings.json and ./k3: port 5000,
# connection string ConnectionStrings__K3, health at /health/live and /health/ready.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/K3Competency.Domain/K3Competency.Domain.csproj src/K3Competency.Domain/
COPY src/K3Competency.Application/K3Competency.Application.csproj src/K3Competency.Application/
COPY src/K3Competency.Web/K3Competency.Web.csproj src/K3Competency.Web/
RUN dotnet restore src/K3Competency.Web/K3Competency.Web.csproj
COPY src/ src/
RUN dotnet publish src/K3Competency.Web/K3Competency.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
RUN apt-get update && apt-get install -y --no-install-recommends curl tzdata && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:5000 \
    ASPNETCORE_ENVIRONMENT=Production \
    TZ=Asia/Jakarta
EXPOSE 5000
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 CMD curl -fsS http://localhost:5000/health/live || exit 1
ENTRYPOINT ["dotnet", "K3Competency.Web.dll"]
