# The windev toolchain's startup script: runs through the Coder agent each
# time the workspace starts. Installs what is missing, nothing else, so the
# second start is quick. Versions come from toolchain.yaml through the
# TOOLCHAIN_* variables the composed template sets.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

foreach ($name in 'TOOLCHAIN_DOTNET_SDK_VERSION', 'TOOLCHAIN_POWERSHELL_VERSION') {
  if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set: the composed template sets it from toolchain.yaml" }
}

function Test-Command($Name) { [bool](Get-Command $Name -ErrorAction SilentlyContinue) }

if (-not (Test-Command dotnet)) {
  Write-Output "installing .NET SDK $env:TOOLCHAIN_DOTNET_SDK_VERSION"
  $installer = Join-Path $env:TEMP 'dotnet-install.ps1'
  Invoke-WebRequest -UseBasicParsing -Uri 'https://dot.net/v1/dotnet-install.ps1' -OutFile $installer
  & $installer -Channel $env:TOOLCHAIN_DOTNET_SDK_VERSION -InstallDir "$env:ProgramFiles\dotnet"
}

if (-not (Test-Command winget)) { throw 'winget is missing: the base must boot Windows Server 2022 or newer' }
$packages = @(
  @{ Id = 'Git.Git'; Command = 'git' },
  @{ Id = 'Microsoft.AzureCLI'; Command = 'az' },
  @{ Id = 'Microsoft.PowerShell'; Command = 'pwsh' },
  @{ Id = 'Microsoft.VisualStudio.2022.BuildTools'; Command = 'msbuild' }
)
foreach ($package in $packages) {
  if (-not (Test-Command $package.Command)) {
    Write-Output "installing $($package.Id)"
    winget install --id $package.Id --exact --silent --accept-package-agreements --accept-source-agreements --disable-interactivity
  }
}
Write-Output 'windev-toolchain ready'
