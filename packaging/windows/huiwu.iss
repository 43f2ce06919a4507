; Inno Setup 6 script: a per-user installer for the bundle built by huiwu-windows.spec.
;   iscc packaging\windows\huiwu.iss        (run from the repository root after PyInstaller)
; Output: dist\installer\huiwu-setup-<version>.exe. Installs into the user's own program folder
; (no administrator rights), with a Start-menu entry and an uninstaller. The uninstaller removes
; the program only: data files (*.huiwu) and their backups stay where the user keeps them.
; Not built or tested on the Linux CI: nothing here has been run on Windows yet.

#define AppName "会务"
#define AppVersion "0.1.0"
#define AppExe "huiwu.exe"
#define Bundle "..\..\dist\huiwu"

[Setup]
AppId={{6B2E8C0A-5F1D-4C8E-9A57-3D1C0E2B7F41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Huiwu
DefaultDirName={autopf}\Huiwu
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=huiwu-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
DisableProgramGroupPage=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
