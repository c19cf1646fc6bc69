# Run inside a started workspace (the guide's smoke-test step does): the
# declared tools answer with the declared versions.
$failures = 0
function Expect($Name, [scriptblock]$Command, $Pattern) {
  try { $out = (& $Command 2>&1 | Out-String) } catch { $out = "$_" }
  if ($out -match [regex]::Escape($Pattern)) { Write-Output "ok   $Name" }
  else { Write-Output "FAIL $Name: printed '$($out.Trim())', want '$Pattern'"; $script:failures++ }
}
Expect 'dotnet' { dotnet --list-sdks } "$env:TOOLCHAIN_DOTNET_SDK_VERSION."
Expect 'git' { git --version } 'git version 2'
Expect 'az' { az version } 'azure-cli'
Expect 'pwsh' { pwsh -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' } "$env:TOOLCHAIN_POWERSHELL_VERSION"
exit $failures
