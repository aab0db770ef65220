; Inno Setup script: a per-user installer for Chronology, no administrator rights needed.
; Build the app first (python packaging\build.py), then compile this with Inno Setup 6:
;   iscc packaging\chronology.iss /DAppVersion=0.2.0
; See docs\installing.md. The installer is signed by IT with their own certificate (SignTool below).

#ifndef AppVersion
  #define AppVersion "0.2.0"
#endif

[Setup]
AppId={{6A0C2F0E-4C35-4C4B-9D0B-1C7E3B5F2A11}
AppName=Chronology
AppVersion={#AppVersion}
AppPublisher=Children's social care
DefaultDirName={localappdata}\Programs\Chronology
DefaultGroupName=Chronology
DisableProgramGroupPage=yes
; Per user: installs under the user's own AppData, so no administrator rights are asked for.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist\installer
OutputBaseFilename=Chronology-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\Chronology.exe
; Uncomment once IT has configured a sign tool named "signtool" in Inno Setup:
; SignTool=signtool

[Files]
; The whole one-folder app built by packaging\build.py: Chronology.exe (the window) and
; Chronology-cli.exe (the command line, for support and scripts; no shortcut of its own).
Source: "..\dist\Chronology\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\Chronology"; Filename: "{app}\Chronology.exe"
Name: "{userdesktop}\Chronology"; Filename: "{app}\Chronology.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put Chronology on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\Chronology.exe"; Description: "Start Chronology"; Flags: nowait postinstall skipifsilent

; The caseload and its backups live in the user's own %LOCALAPPDATA%\Chronology\Chronology, not
; in {app}: uninstalling never removes a caseload.
