<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>AboutDialog</name>
    <message>
        <source>the window and the web view</source>
        <translation>視窗與網頁檢視</translation>
    </message>
    <message>
        <source>math typesetting</source>
        <translation>數學公式排版</translation>
    </message>
    <message>
        <source>code highlighting</source>
        <translation>程式碼高亮</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>public domain</source>
        <translation>公有領域</translation>
    </message>
    <message>
        <source>the conversation database</source>
        <translation>對話資料庫</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>remote models</source>
        <translation>遠端模型</translation>
    </message>
    <message>
        <source>tokenizers</source>
        <translation>分詞器</translation>
    </message>
    <message>
        <source>About Qiusuo</source>
        <translation>關於求索</translation>
    </message>
    <message>
        <source>Qiusuo 求索</source>
        <translation>求索 Qiusuo</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Chat with DeepSeek models on your own computer or through an API.</source>
        <translation>在本機或透過 API 與 DeepSeek 模型對話。</translation>
    </message>
    <message>
        <source>Bundled components</source>
        <translation>內含元件</translation>
    </message>
    <message>
        <source>Full license texts: /usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md</source>
        <translation>完整許可證文字：/usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md</translation>
    </message>
</context>
<context>
    <name>ApiKeyStore</name>
    <message>
        <source>No system keychain is available, so API keys are kept in %1, a file only your user account can read. Anyone with access to your account can read them.</source>
        <translation>系統鑰匙圈無法使用，因此 API 金鑰儲存在 %1，此檔案只有你的使用者帳戶可以讀取。能存取你帳戶的人都能讀到這些金鑰。</translation>
    </message>
</context>
<context>
    <name>AppMenu</name>
    <message>
        <source>Menu</source>
        <translation>選單</translation>
    </message>
    <message>
        <source>Export, settings and about</source>
        <translation>匯出、設定與關於</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <source>Export conversations</source>
        <translation>匯出對話</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>About Qiusuo</source>
        <translation>關於求索</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>New chat</source>
        <translation>新對話</translation>
    </message>
    <message>
        <source>The model is not ready.</source>
        <translation>模型尚未就緒。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Chat with DeepSeek models, on this computer or remotely.</source>
        <translation>與 DeepSeek 模型對話，可在本機執行，也可連線遠端服務。</translation>
    </message>
    <message>
        <source>Keep conversations and settings in &lt;dir&gt; instead of the default data folder (created when missing).</source>
        <translation>將對話和設定儲存在 &lt;目錄&gt; 中，而不是預設的資料資料夾（不存在時自動建立）。</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>目錄</translation>
    </message>
    <message>
        <source>Chat with the local GGUF model &lt;file&gt; (loaded at startup).</source>
        <translation>與本地 GGUF 模型 &lt;file&gt; 對話（啟動時載入）。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>unexpected argument “%1”; see qiusuo --help.</source>
        <translation>無法識別的引數“%1”；請參閱 qiusuo --help。</translation>
    </message>
    <message>
        <source>--profile needs a folder, e.g. --profile ~/qiusuo-test.</source>
        <translation>--profile 需要指定一個資料夾，例如 --profile ~/qiusuo-test。</translation>
    </message>
    <message>
        <source>the profile “%1” is a file, not a folder.</source>
        <translation>配置目錄“%1”是一個檔案，而不是資料夾。</translation>
    </message>
    <message>
        <source>--model needs a GGUF file, e.g. --model ~/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf.</source>
        <translation>--model 需要一個 GGUF 檔案，例如 --model ~/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf。</translation>
    </message>
    <message>
        <source>the model file “%1” does not exist.</source>
        <translation>模型檔案“%1”不存在。</translation>
    </message>
    <message>
        <source>the model “%1” is a folder, not a GGUF file.</source>
        <translation>模型“%1”是資料夾，不是 GGUF 檔案。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Edit the message; Enter sends it as a new branch, Esc cancels</source>
        <translation>編輯訊息：按 Enter 作為新分支傳送，按 Esc 取消</translation>
    </message>
    <message>
        <source>Message Qiusuo (Enter to send, Shift+Enter for a new line)</source>
        <translation>給求索發訊息（Enter 傳送，Shift+Enter 換行）</translation>
    </message>
    <message>
        <source>Choose a model to start chatting</source>
        <translation>請選擇一個模型開始對話</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>訊息</translation>
    </message>
    <message>
        <source>Deep thinking (R1)</source>
        <translation>深度思考 (R1)</translation>
    </message>
    <message>
        <source>Let the model reason step by step before it answers</source>
        <translation>讓模型在回答前逐步推理</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>未選擇模型</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>傳送</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答 (Esc)</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>傳送 (Enter)</translation>
    </message>
</context>
<context>
    <name>ComposerStatus</name>
    <message>
        <source>Editing a message: sending it starts a new branch.</source>
        <translation>正在編輯訊息：傳送後將開始一個新分支。</translation>
    </message>
    <message>
        <source>Loading %1… %2%</source>
        <translation>正在載入 %1… %2%</translation>
    </message>
    <message>
        <source>No model is chosen. Start Qiusuo with “qiusuo --model PATH.gguf” to chat with a local model.</source>
        <translation>尚未選擇模型。用“qiusuo --model PATH.gguf”啟動求索即可與本地模型對話。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消編輯</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>%1, pinned, %2</source>
        <translation>%1，已置頂，%2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>對話標題</translation>
    </message>
    <message>
        <source>More actions for “%1”</source>
        <translation>“%1”的更多操作</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重新命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置頂</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置頂</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Conversation settings…</source>
        <translation>對話設定…</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>對話設定</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>No messages yet</source>
        <translation>還沒有訊息</translation>
    </message>
    <message>
        <source>Start a conversation</source>
        <translation>開始一段對話</translation>
    </message>
    <message>
        <source>Messages of this conversation will appear here.</source>
        <translation>這段對話的訊息會顯示在這裡。</translation>
    </message>
    <message>
        <source>Press Ctrl+N or click “New chat”.</source>
        <translation>按 Ctrl+N 或點選“新對話”。</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>對話設定</translation>
    </message>
    <message>
        <source>Sampling and system prompt for this conversation only</source>
        <translation>僅用於此對話的取樣參數與系統提示詞</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>對話設定</translation>
    </message>
    <message>
        <source>For “%1” only. Values left on “Use the default” follow the Sampling and General settings.</source>
        <translation>僅用於“%1”。保持“使用預設值”的項目沿用“取樣”與“一般”設定。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>溫度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>0 turns it off.</source>
        <translation>0 表示關閉。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Maximum answer length</source>
        <translation>回答最大長度</translation>
    </message>
    <message>
        <source>In tokens; 0 means until the model stops or the context is full.</source>
        <translation>以 token 計；0 表示直到模型停止或上下文已滿。</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>隨機種子</translation>
    </message>
    <message>
        <source>The same seed gives the same answer; -1 picks a new one each time.</source>
        <translation>相同的種子產生相同的回答；-1 表示每次隨機選擇。</translation>
    </message>
    <message>
        <source>random</source>
        <translation>隨機</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系統提示詞</translation>
    </message>
    <message>
        <source>System prompt for this conversation</source>
        <translation>此對話的系統提示詞</translation>
    </message>
    <message>
        <source>Use the default (%1)</source>
        <translation>使用預設值（%1）</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>Custom text</source>
        <translation>自訂文字</translation>
    </message>
    <message>
        <source>Preset: %1</source>
        <translation>預設：%1</translation>
    </message>
    <message>
        <source>Uses the default system prompt from the General settings.</source>
        <translation>使用“一般”設定中的預設系統提示詞。</translation>
    </message>
    <message>
        <source>Instructions the model gets before this conversation.</source>
        <translation>模型在此對話開始前收到的指示。</translation>
    </message>
    <message>
        <source>Custom system prompt</source>
        <translation>自訂系統提示詞</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>還原為預設值</translation>
    </message>
    <message>
        <source>Reset this conversation to the default settings</source>
        <translation>將此對話還原為預設設定</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重複懲罰</translation>
    </message>
    <message>
        <source>Above 1 discourages repeating recent tokens; 1 turns it off.</source>
        <translation>大於 1 時抑制重複最近的 token；1 表示關閉。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在懲罰</translation>
    </message>
    <message>
        <source>Above 0 discourages any token the answer already used; 0 turns it off.</source>
        <translation>大於 0 時抑制回答中已出現過的任何 token；0 表示關閉。</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>頻率懲罰</translation>
    </message>
    <message>
        <source>Above 0 discourages a token the more often it was used; 0 turns it off.</source>
        <translation>大於 0 時 token 出現得越多越受抑制；0 表示關閉。</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>無系統提示詞</translation>
    </message>
    <message>
        <source>Answers here get no system prompt, even if the General settings have one.</source>
        <translation>此對話的回答不使用系統提示詞，即使“一般”設定中有預設提示詞。</translation>
    </message>
    <message>
        <source>The context length is the same for every conversation: it is set when the model loads, in the General settings.</source>
        <translation>上下文長度對所有對話都相同：它在載入模型時決定，請在“一般”設定中修改。</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsRow</name>
    <message>
        <source>Use the default (%1)</source>
        <translation>使用預設值（%1）</translation>
    </message>
    <message>
        <source>%1: use the default (%2)</source>
        <translation>%1：使用預設值（%2）</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 at %2/s</source>
        <translation>%1，速度 %2/秒</translation>
    </message>
    <message>
        <source>Paused at %1.</source>
        <translation>已暫停，已下載 %1。</translation>
    </message>
    <message>
        <source>%1 Resume continues from %2.</source>
        <translation>%1 繼續下載將從 %2 處接續。</translation>
    </message>
    <message>
        <source>Checking the SHA-256 of %1…</source>
        <translation>正在驗證 %1 的 SHA-256…</translation>
    </message>
    <message>
        <source>Done: %1, SHA-256 verified.</source>
        <translation>完成：%1，SHA-256 驗證通過。</translation>
    </message>
    <message>
        <source>Done: %1. Not verified: neither you nor the server gave a SHA-256.</source>
        <translation>完成：%1。未驗證：你和伺服器都沒有提供 SHA-256。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a web address: paste a direct http:// or https:// link to a .gguf file.</source>
        <translation>「%1」不是網址：請貼上指向 .gguf 檔案的 http:// 或 https:// 直接連結。</translation>
    </message>
    <message>
        <source>The link does not end in a .gguf file name; use the file&apos;s direct download link.</source>
        <translation>連結不是以 .gguf 檔名結尾；請使用該檔案的直接下載連結。</translation>
    </message>
    <message>
        <source>A SHA-256 is 64 hexadecimal digits; &quot;%1&quot; is not one.</source>
        <translation>SHA-256 由 64 位十六進位數字組成；「%1」不是。</translation>
    </message>
    <message>
        <source>%1 is already being downloaded.</source>
        <translation>%1 已在下載中。</translation>
    </message>
    <message>
        <source>%1 is already in %2.</source>
        <translation>%1 已經在 %2 中。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>無法寫入 %1：%2</translation>
    </message>
    <message>
        <source>The server answered %1 (%2) for %3.</source>
        <translation>伺服器對 %3 回應了 %1（%2）。</translation>
    </message>
    <message>
        <source>The connection was lost (%1).</source>
        <translation>連線中斷（%1）。</translation>
    </message>
    <message>
        <source>The server closed the connection before the end.</source>
        <translation>伺服器在傳輸結束前關閉了連線。</translation>
    </message>
    <message>
        <source>The download is damaged: its SHA-256 is %1, but %2 was expected. It was deleted; download it again.</source>
        <translation>下載的檔案已損壞：其 SHA-256 為 %1，應為 %2。檔案已刪除，請重新下載。</translation>
    </message>
    <message>
        <source>The download is complete but could not be renamed to %1.</source>
        <translation>下載已完成，但無法重新命名為 %1。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Markdown (.md)</source>
        <translation>Markdown (.md)</translation>
    </message>
    <message>
        <source>Web page (.html) — opens offline, math and code typeset</source>
        <translation>網頁 (.html)：可離線開啟，公式與程式碼已排版</translation>
    </message>
    <message>
        <source>PDF (.pdf)</source>
        <translation>PDF (.pdf)</translation>
    </message>
    <message>
        <source>JSON (.json) — everything, for backup and import</source>
        <translation>JSON (.json)：完整內容，用於備份與匯入</translation>
    </message>
    <message>
        <source>Export conversations</source>
        <translation>匯出對話</translation>
    </message>
    <message>
        <source>Qiusuo or ChatGPT export (*.json)</source>
        <translation>求索或 ChatGPT 匯出檔案 (*.json)</translation>
    </message>
    <message>
        <source>What</source>
        <translation>匯出內容</translation>
    </message>
    <message>
        <source>This conversation: %1</source>
        <translation>當前對話：%1</translation>
    </message>
    <message>
        <source>This conversation</source>
        <translation>當前對話</translation>
    </message>
    <message>
        <source>All conversations, archived ones too</source>
        <translation>全部對話（含已歸檔）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Include the reasoning</source>
        <translation>包含推理過程</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>匯入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
</context>
<context>
    <name>FileSecretStore</name>
    <message>
        <source>Cannot read the key file %1: %2</source>
        <translation>無法讀取金鑰檔案 %1：%2</translation>
    </message>
    <message>
        <source>The key file %1 is damaged; save your API keys again.</source>
        <translation>金鑰檔案 %1 已損壞；請重新儲存你的 API 金鑰。</translation>
    </message>
    <message>
        <source>Cannot save the key file %1: %2</source>
        <translation>無法儲存金鑰檔案 %1：%2</translation>
    </message>
    <message>
        <source>the file could not be replaced</source>
        <translation>無法取代該檔案</translation>
    </message>
</context>
<context>
    <name>InferenceSession</name>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>已取消載入 %1。</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>No model is loaded. Choose a model first.</source>
        <translation>尚未載入模型，請先選擇一個模型。</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>The system keychain refused: %1</source>
        <translation>系統鑰匙圈拒絕了要求：%1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>%1 — Qiusuo</source>
        <translation>%1 — 求索</translation>
    </message>
    <message>
        <source>Qiusuo</source>
        <translation>求索</translation>
    </message>
</context>
<context>
    <name>ModelDownloadsPage</name>
    <message>
        <source>Download address</source>
        <translation>下載網址</translation>
    </message>
    <message>
        <source>https://huggingface.co/…/resolve/main/model.gguf</source>
        <translation>https://huggingface.co/…/resolve/main/model.gguf</translation>
    </message>
    <message>
        <source>Expected SHA-256 (optional)</source>
        <translation>預期的 SHA-256（選填）</translation>
    </message>
    <message>
        <source>SHA-256 (optional; Hugging Face sends its own)</source>
        <translation>SHA-256（選填；Hugging Face 會提供自己的）</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>儲存至 %1</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下載</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Progress of %1</source>
        <translation>%1 的進度</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>繼續</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel and delete the partial file</source>
        <translation>取消並刪除未完成的檔案</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>從清單中移除</translation>
    </message>
</context>
<context>
    <name>ModelLibraryModel</name>
    <message>
        <source>Fits: needs about %1 of this computer&apos;s %2 with a %3-token context.</source>
        <translation>可以執行：在 %3 個 token 的上下文下約需 %1，本機共有 %2。</translation>
    </message>
    <message>
        <source>Too large: needs about %1, this computer has %2 (with a %3-token context).</source>
        <translation>太大：約需 %1，本機只有 %2（上下文為 %3 個 token）。</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 不是資料夾。</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file.</source>
        <translation>%1 不存在或不是檔案。</translation>
    </message>
    <message>
        <source>%1 is not a GGUF model: Qiusuo opens .gguf files.</source>
        <translation>%1 不是 GGUF 模型：求索只能開啟 .gguf 檔案。</translation>
    </message>
    <message>
        <source>Runs on the CPU (%1)</source>
        <translation>在 CPU 上執行（%1）</translation>
    </message>
    <message>
        <source>No GPU: runs on the CPU (%1)</source>
        <translation>沒有 GPU：在 CPU 上執行（%1）</translation>
    </message>
    <message>
        <source>there is no GPU number %1; GPUs found: %2</source>
        <translation>沒有編號為 %1 的 GPU；找到的 GPU 數量：%2</translation>
    </message>
    <message>
        <source>%1: %2 free</source>
        <translation>%1：可用 %2</translation>
    </message>
    <message>
        <source>Fits in GPU memory (%1)</source>
        <translation>可完全放入 GPU 記憶體（%1）</translation>
    </message>
    <message>
        <source>Partly on the GPU: %1 of %2 layers (%3)</source>
        <translation>部分在 GPU 上：%2 層中的 %1 層（%3）</translation>
    </message>
</context>
<context>
    <name>ModelLibraryPage</name>
    <message>
        <source>Add a GGUF model</source>
        <translation>新增 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Add a folder of models</source>
        <translation>新增模型資料夾</translation>
    </message>
    <message>
        <source>Add model file…</source>
        <translation>新增模型檔案…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>新增資料夾…</translation>
    </message>
    <message>
        <source>Scan again</source>
        <translation>重新掃描</translation>
    </message>
    <message>
        <source>Folders: %1. Drop .gguf files here to add them.</source>
        <translation>資料夾：%1。將 .gguf 檔案拖曳到這裡即可新增。</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在載入模型</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No models yet. Add a .gguf file, drop one here, or download one.</source>
        <translation>還沒有模型。新增一個 .gguf 檔案、拖曳到這裡，或下載一個。</translation>
    </message>
    <message>
        <source>%1, cannot be used: %2</source>
        <translation>%1，無法使用：%2</translation>
    </message>
    <message>
        <source>%1 · %2 parameters · %3 · context %4 · %5</source>
        <translation>%1 · %2 參數 · %3 · 上下文 %4 · %5</translation>
    </message>
    <message>
        <source>unknown type</source>
        <translation>未知類型</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>載入</translation>
    </message>
    <message>
        <source>Load %1</source>
        <translation>載入 %1</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove %1 from the library (the file stays)</source>
        <translation>從模型庫中移除 %1（檔案保留）</translation>
    </message>
    <message>
        <source>%1, %2 %3</source>
        <translation>%1，%2 %3</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>卸載</translation>
    </message>
    <message>
        <source>Unload %1</source>
        <translation>卸載 %1</translation>
    </message>
</context>
<context>
    <name>ProviderListModel</name>
    <message>
        <source>Custom server %1</source>
        <translation>自訂伺服器 %1</translation>
    </message>
</context>
<context>
    <name>ProviderTester</name>
    <message>
        <source>Connected to %1, but the server lists no models.</source>
        <translation>已連線到 %1，但伺服器沒有列出任何模型。</translation>
    </message>
    <message>
        <source>Connected to %1: 1 model available.</source>
        <translation>已連線到 %1：有 1 個可用模型。</translation>
    </message>
    <message>
        <source>Connected to %1: %2 models available.</source>
        <translation>已連線到 %1：有 %2 個可用模型。</translation>
    </message>
    <message>
        <source>The server reported no balance.</source>
        <translation>伺服器沒有回傳餘額。</translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation>餘額：%1</translation>
    </message>
    <message>
        <source>(not enough to make requests)</source>
        <translation>（不足以發出請求）</translation>
    </message>
</context>
<context>
    <name>ProvidersPage</name>
    <message>
        <source>Providers</source>
        <translation>服務提供者</translation>
    </message>
    <message>
        <source>%1, key saved</source>
        <translation>%1，已儲存金鑰</translation>
    </message>
    <message>
        <source>Add server</source>
        <translation>新增伺服器</translation>
    </message>
    <message>
        <source>Add an OpenAI-compatible server</source>
        <translation>新增相容 OpenAI 的伺服器</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove this server</source>
        <translation>移除此伺服器</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>位址</translation>
    </message>
    <message>
        <source>The API root, e.g. https://api.deepseek.com or http://127.0.0.1:8080/v1.</source>
        <translation>API 根位址，例如 https://api.deepseek.com 或 http://127.0.0.1:8080/v1。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&quot;Test connection&quot; fills this list from the server.</source>
        <translation>「測試連線」會從伺服器取得此清單。</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 金鑰</translation>
    </message>
    <message>
        <source>A key is saved. Type a new one to replace it.</source>
        <translation>已儲存金鑰。輸入新金鑰即可取代。</translation>
    </message>
    <message>
        <source>No key saved.</source>
        <translation>尚未儲存金鑰。</translation>
    </message>
    <message>
        <source>Paste the key here</source>
        <translation>在此貼上金鑰</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>儲存金鑰</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>刪除金鑰</translation>
    </message>
    <message>
        <source>Allow plain http:// to another computer (the key and chats travel unencrypted)</source>
        <translation>允許透過明文 http:// 連線到其他電腦（金鑰和對話將以未加密方式傳輸）</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>測試連線</translation>
    </message>
    <message>
        <source>Check balance</source>
        <translation>查詢餘額</translation>
    </message>
    <message>
        <source>Chat with this provider</source>
        <translation>使用此服務聊天</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>Just now</source>
        <translation>剛剛</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <comment>minutes</comment>
        <translation>
            <numerusform>%n 分鐘前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <comment>hours</comment>
        <translation>
            <numerusform>%n 小時前</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <comment>calendar days</comment>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <source>Search messages (Ctrl+F)</source>
        <translation>搜尋訊息 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>搜尋訊息</translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source>Search results</source>
        <translation>搜尋結果</translation>
    </message>
    <message>
        <source>No messages match “%1”.</source>
        <translation>沒有訊息匹配“%1”。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>取樣</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下載</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服務提供者</translation>
    </message>
</context>
<context>
    <name>SettingsGeneralPage</name>
    <message>
        <source>System prompt</source>
        <translation>系統提示詞</translation>
    </message>
    <message>
        <source>Sent at the start of every new conversation. DeepSeek recommends none for R1.</source>
        <translation>在每個新對話開頭傳送。DeepSeek 建議 R1 不使用系統提示詞。</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>無系統提示詞</translation>
    </message>
    <message>
        <source>System prompt presets</source>
        <translation>系統提示詞預設</translation>
    </message>
    <message>
        <source>No presets saved</source>
        <translation>尚未儲存預設</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Use the selected preset</source>
        <translation>使用所選預設</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Delete the selected preset</source>
        <translation>刪除所選預設</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>預設名稱</translation>
    </message>
    <message>
        <source>Name for this prompt</source>
        <translation>為此提示詞命名</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>儲存為預設</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文長度</translation>
    </message>
    <message>
        <source>Tokens the local model keeps in view; more needs more memory.</source>
        <translation>本機模型可見的 token 數；越多佔用記憶體越多。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 執行緒數</translation>
    </message>
    <message>
        <source>0 uses one thread per physical core.</source>
        <translation>0 表示每個實體核心一個執行緒。</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 層數</translation>
    </message>
    <message>
        <source>Layers to run on the graphics card: -1 as many as fit, 0 none.</source>
        <translation>放到顯示卡上執行的層數：-1 表示盡可能多，0 表示不使用顯示卡。</translation>
    </message>
    <message>
        <source>GPU device</source>
        <translation>GPU 裝置</translation>
    </message>
    <message>
        <source>Which graphics card to use, counting from 0.</source>
        <translation>使用哪張顯示卡，從 0 開始編號。</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>思考過程</translation>
    </message>
    <message>
        <source>How the model&apos;s thinking is shown above its answer.</source>
        <translation>模型的思考過程在回答上方如何顯示。</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>展開</translation>
    </message>
    <message>
        <source>Collapsed</source>
        <translation>摺疊</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>隱藏</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主題</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>淺色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字型大小</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Takes effect at once, no restart needed.</source>
        <translation>立即生效，無需重新啟動。</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>還原為預設值</translation>
    </message>
    <message>
        <source>Reset every setting to its default</source>
        <translation>將所有設定還原為預設值</translation>
    </message>
    <message>
        <source>Reset every setting?</source>
        <translation>還原所有設定？</translation>
    </message>
    <message>
        <source>Sampling, engine, appearance and language go back to their defaults. Your system prompt presets and API keys are kept.</source>
        <translation>取樣、引擎、外觀和語言將還原為預設值。你的系統提示詞預設和 API 金鑰會保留。</translation>
    </message>
    <message>
        <source>Titles</source>
        <translation>標題</translation>
    </message>
    <message>
        <source>After the first answer the model names the conversation in a few words. A name you give it is never replaced.</source>
        <translation>第一個回答之後，模型會用幾個詞為對話命名。您自己取的名稱永遠不會被取代。</translation>
    </message>
    <message>
        <source>Model-written titles</source>
        <translation>由模型撰寫標題</translation>
    </message>
</context>
<context>
    <name>SettingsSamplingPage</name>
    <message>
        <source>Temperature</source>
        <translation>溫度</translation>
    </message>
    <message>
        <source>Higher is more varied, lower more focused. DeepSeek recommends 0.6 for R1.</source>
        <translation>越高越多樣，越低越集中。DeepSeek 建議 R1 使用 0.6。</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens that together reach this probability.</source>
        <translation>只從累計機率達到該值的最可能 token 中取樣。</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Sample from at most this many tokens; 0 turns it off.</source>
        <translation>最多從這麼多個 token 中取樣；0 表示關閉。</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Drop tokens less likely than this fraction of the best one; 0 turns it off.</source>
        <translation>捨棄機率低於最可能 token 此比例的 token；0 表示關閉。</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重複懲罰</translation>
    </message>
    <message>
        <source>Above 1 discourages repeating recent tokens; 1 turns it off.</source>
        <translation>大於 1 時抑制重複最近的 token；1 表示關閉。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在懲罰</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>頻率懲罰</translation>
    </message>
    <message>
        <source>Maximum answer length</source>
        <translation>回答最大長度</translation>
    </message>
    <message>
        <source>In tokens; 0 means until the model stops or the context is full.</source>
        <translation>以 token 計；0 表示直到模型停止或上下文已滿。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>隨機種子</translation>
    </message>
    <message>
        <source>The same seed gives the same answer; -1 picks a new one each time.</source>
        <translation>相同的種子產生相同的回答；-1 表示每次隨機選擇。</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Conversations</source>
        <translation>對話列表</translation>
    </message>
    <message>
        <source>Qiusuo</source>
        <translation>求索</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新對話</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>開始新的對話（Ctrl+N）</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置頂</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>No conversations yet.</source>
        <translation>還沒有對話。</translation>
    </message>
</context>
<context>
    <name>StartupProblem</name>
    <message>
        <source>Qiusuo — cannot open your conversations</source>
        <translation>求索 — 無法開啟你的對話</translation>
    </message>
    <message>
        <source>Your conversation database is damaged</source>
        <translation>你的對話資料庫已損壞</translation>
    </message>
    <message>
        <source>Qiusuo cannot open your conversations</source>
        <translation>求索無法開啟你的對話</translation>
    </message>
    <message>
        <source>Moving it aside keeps the damaged file, renamed, in the same folder: nothing is deleted.</source>
        <translation>移到一旁會將損壞的檔案改名後保留在同一資料夾中，不會刪除任何內容。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Quit Qiusuo</source>
        <translation>退出求索</translation>
    </message>
    <message>
        <source>Move it aside and start afresh</source>
        <translation>移到一旁並重新開始</translation>
    </message>
</context>
<context>
    <name>TranscriptBridge</name>
    <message>
        <source>Thinking… %1 s</source>
        <translation>思考中… %1 秒</translation>
    </message>
    <message>
        <source>Thought for %1 s</source>
        <translation>已深度思考（用時 %1 秒）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已複製</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>複製程式碼</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編輯</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一版本</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>跳到最新</translation>
    </message>
    <message>
        <source>code</source>
        <translation>程式碼</translation>
    </message>
    <message>
        <source>This formula could not be typeset</source>
        <translation>此公式無法排版</translation>
    </message>
</context>
<context>
    <name>TranscriptMapping</name>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n 個詞元</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 詞元/秒</translation>
    </message>
    <message>
        <source>first token %1 s</source>
        <translation>首詞元 %1 秒</translation>
    </message>
    <message>
        <source>thought %1 s</source>
        <translation>思考 %1 秒</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Transcript</source>
        <translation>對話記錄</translation>
    </message>
</context>
<context>
    <name>UndoBanner</name>
    <message>
        <source>“%1” deleted</source>
        <translation>已刪除“%1”</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤銷</translation>
    </message>
    <message>
        <source>Undo the deletion</source>
        <translation>撤銷刪除</translation>
    </message>
</context>
<context>
    <name>qiusuo::ui::ConversationExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>無法寫入 %1：%2</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已匯出到 %1。</translation>
    </message>
    <message>
        <source>PDF export needs qiusuo-html2pdf next to the app; export HTML instead and print it from a browser.</source>
        <translation>匯出 PDF 需要與應用放在一起的 qiusuo-html2pdf；請改為匯出 HTML，再用瀏覽器列印。</translation>
    </message>
    <message>
        <source>Printing the PDF failed: %1</source>
        <translation>生成 PDF 失敗：%1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s)</source>
        <translation>
            <numerusform>已匯入 %n 個對話</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n already present</source>
        <translation>
            <numerusform>；%n 個已存在</numerusform>
        </translation>
    </message>
</context>
</TS>
