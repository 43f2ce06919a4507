"""The file's keeping: what makes one encrypted file safe to keep, open, copy and hand over.

Modules import downward only, and never core.office (Office sits on top of this package):

    hardening   process and file-mode hygiene
    anchor      the audit anchor kept under the key's protection
    health      `huiwu check`: every finding of a file, in Chinese
    backups     daily and manual backups, restore
    rotation    更换密钥
    unlock      limiting wrong tries of a typed secret
"""
