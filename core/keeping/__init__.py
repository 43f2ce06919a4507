"""The file's keeping: what makes one encrypted file safe to keep, open, copy and hand over.

Modules import downward only, and never core.office (Office sits on top of this package; a test
holds this, tests/core/test_import_graph.py):

    hardening   process hygiene; files and folders for this user only (0600/0700, Windows ACLs)
    filelock    one running copy of the program per data file
    keyfile     the key file: the database key sealed under a wrapping key, one slot per account
    slots       opening through an account's slot; refused tries counted before the file is open
    opening     the lock, a write-free probe of each candidate key, the engine, migrating after a backup
    unlock      limiting wrong tries of a typed recovery code
    anchor      the audit anchor, sealed under the key, in the key file and this user's state folder
    health      `huiwu check`: every finding of a file, open or too damaged to open, in Chinese
    backups     daily and manual backups
    restore     restore by plan (own history or not, what is lost), and of a file that does not open
    rotation    更换密钥 through the key file
    journal     refusals with no data file to record them in (this user's state folder)
    keys        what the window may know of keys, codes, key stores and backup places
"""
