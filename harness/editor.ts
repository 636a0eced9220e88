import type { Locator, Page } from 'playwright-core';

/**
 * What a user does in n8n's editor, as small actions on a page. Elements are found by n8n's
 * `data-test-id` attributes, roles and visible texts (never by position), so the actions keep
 * working when the layout moves.
 */

const CANVAS_ADD = '[data-test-id="canvas-add-button"]';

export class Editor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	testId(id: string): Locator {
		return this.page.locator(`[data-test-id="${id}"]`);
	}

	async signIn(email: string, password: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
		await this.page.locator('input[type="email"]').fill(email);
		const passwordInput = this.page.locator('input[type="password"]');
		await passwordInput.fill(password);
		await passwordInput.press('Enter');
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	}

	/** Opens an empty workflow; the editor saves it on the first change and puts its id in the URL. */
	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await this.page.locator(CANVAS_ADD).waitFor();
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
		await this.testId('canvas-node').first().waitFor();
	}

	/** The saved workflow's id, read from the page URL (`/workflow/<id>…`). */
	workflowId(): string {
		const match = /\/workflow\/([^/?]+)/.exec(new URL(this.page.url()).pathname);
		if (!match || match[1] === 'new')
			throw new Error(`The editor has not saved the workflow yet (page ${this.page.url()})`);
		return match[1];
	}

	/** Searches the node panel and returns the names of the listed entries. */
	async searchNodes(text: string): Promise<string[]> {
		await this.page.locator(CANVAS_ADD).click();
		const search = this.testId('node-creator-search-bar');
		await search.fill(text);
		const items = this.testId('item-iterator-item');
		await items.filter({ hasText: text }).first().waitFor();
		return (await items.allInnerTexts()).map((entry) => entry.split('\n')[0].trim());
	}

	/** Picks a search result, then one of the trigger actions n8n lists for it; the node view opens. */
	async addTrigger(entry: string, action: string): Promise<string[]> {
		const items = this.testId('item-iterator-item');
		await items.filter({ hasText: entry }).first().click();
		const actionItem = items.filter({ hasText: action }).first();
		await actionItem.waitFor();
		// The search results leave the list with a transition: read it once they are gone.
		let actions: string[] = [];
		for (let attempt = 0; attempt < 50; attempt++) {
			actions = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
			if (!actions.includes(entry)) break;
			await this.page.waitForTimeout(200);
		}
		await actionItem.click();
		await this.testId('ndv').waitFor();
		return actions;
	}

	/**
	 * In the open node view: "Connect to …" (or, when n8n has already picked an existing credential,
	 * "Create new credential" in the credential list), fill the dialog, save, wait for it to close.
	 */
	async createCredential(fields: Record<string, string>): Promise<void> {
		const connect = this.page.getByRole('button', { name: /^Connect to / });
		const select = this.testId('node-credentials-select');
		await connect.or(select).first().waitFor();
		if (await connect.isVisible()) await connect.click();
		else {
			await select.click();
			await this.testId('node-credentials-select-item-new').click();
		}
		const dialog = this.testId('credential-edit-dialog');
		await dialog.waitFor();
		for (const [name, value] of Object.entries(fields))
			await dialog.locator(`[data-test-id="parameter-input-${name}"] input`).fill(value);
		await this.testId('credential-save-button').click();
		await dialog.waitFor({ state: 'detached' });
	}

	/** Chooses an option of an options parameter by the start of its visible name. */
	async selectOption(parameter: string, option: string): Promise<void> {
		await this.testId(`parameter-input-${parameter}`).click();
		await this.page
			.getByRole('option', { name: new RegExp(`^${escapeRegExp(option)}`) })
			.first()
			.click();
		const shown = await this.testId(`parameter-input-${parameter}`)
			.locator('input')
			.first()
			.inputValue();
		if (!shown.startsWith(option))
			throw new Error(`${parameter} shows "${shown}" after choosing "${option}"`);
	}

	/** Opens the options list of a parameter and returns the visible option names. */
	async openOptions(parameter: string): Promise<string[]> {
		const input = this.testId(`parameter-input-${parameter}`).locator('input').first();
		const options = this.page.getByRole('option');
		// A list that loads its options from an API can swallow the first click while it loads.
		for (let attempt = 1; ; attempt++) {
			await input.click();
			try {
				await options.first().waitFor({ timeout: 20_000 });
				break;
			} catch (error) {
				if (attempt === 3) throw error;
				await this.page.keyboard.press('Escape');
			}
		}
		return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	}

	async closeNode(): Promise<void> {
		await this.testId('ndv-close-button').click();
		await this.testId('ndv').waitFor({ state: 'hidden' });
	}

	/** Double-clicks a canvas node; the canvas pane lies over the node, hence `force`. */
	async openNode(name: string): Promise<void> {
		await this.testId('canvas-node').filter({ hasText: name }).first().dblclick({ force: true });
		await this.testId('ndv').waitFor();
	}

	/** The labels of the canvas node's outputs, top to bottom. */
	async outputLabels(): Promise<string[]> {
		const handles = this.testId('canvas-node-output-handle');
		await handles.first().waitFor();
		return (await handles.allInnerTexts()).map((text) => text.trim());
	}

	/** "Test this trigger" in the open node view; resolves once the editor is listening. */
	async testTrigger(): Promise<void> {
		await this.page.getByRole('button', { name: 'Test this trigger' }).first().click();
		await this.page.getByText('Listening for test event').first().waitFor();
	}

	/** "Execute workflow" on the canvas; resolves once the editor waits for the trigger's event. */
	async executeWorkflow(): Promise<void> {
		await this.testId('execute-workflow-button').first().click();
		await this.page.getByText('Waiting for trigger event').first().waitFor();
	}

	canvasNode(name: string): Locator {
		return this.testId('canvas-node').filter({ hasText: name }).first();
	}

	/** Waits until the canvas marks the node as run successfully in the current execution. */
	async waitForNodeRun(name: string): Promise<void> {
		await this.canvasNode(name).locator('[data-test-id="canvas-node-status-success"]').waitFor();
	}

	/** Whether the canvas marks the node as run (successfully or not) in the current execution. */
	async nodeShowsRun(name: string): Promise<boolean> {
		const status = this.canvasNode(name).locator(
			'[data-test-id="canvas-node-status-success"], [data-test-id="canvas-node-status-warning"]',
		);
		return (await status.count()) > 0;
	}

	/**
	 * Waits until the output panel shows a run, then returns its branch tabs as shown
	 * (`Voice Branch`, `Messaging Branch (1 item)`…).
	 */
	async outputBranches(): Promise<string[]> {
		const tabs = this.testId('output-panel').locator(
			'[data-test-id="branches"] [data-test-id^="tab-"]',
		);
		await tabs
			.filter({ hasText: /\(\d+ items?\)/ })
			.first()
			.waitFor();
		return (await tabs.allInnerTexts()).map((text) => text.trim());
	}

	/**
	 * Shows one branch's items as JSON in the output panel and returns that text, once `shows`
	 * (a key of the items, quoted) is on screen.
	 */
	async branchJson(branch: string, shows = '"event"'): Promise<string> {
		const panel = this.testId('output-panel');
		await panel.locator('[data-test-id="branches"]').getByText(branch).first().click();
		await panel.locator('[data-test-id="radio-button-json"]').click();
		const data = panel.locator('[data-test-id="ndv-data-container"]');
		await data.getByText(shows).first().waitFor();
		// The JSON view indents with non-breaking spaces, which JSON.parse does not accept.
		return (await data.innerText()).replace(/\u00a0/g, ' ');
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
